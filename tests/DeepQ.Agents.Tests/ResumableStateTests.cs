using System.Reflection;
using DeepQ.Agents.Training;

namespace DeepQ.Agents.Tests;

/// <summary>
/// The run's resumable state is declared once (<see cref="ResumableState"/>): these tests fail when a
/// field is added to a run component without being part of that declaration, and when a checkpoint's
/// declaration differs from the code's.
/// </summary>
public class ResumableStateTests
{
    /// <summary>Every class a training run keeps mutable state in.</summary>
    private static readonly Type[] RunComponents =
    [
        typeof(DqnRun<float>), typeof(DqnUpdate<float>), typeof(ProgressMeter), typeof(BestModelKeeper<float>), typeof(EnvHistory),
        typeof(LearnerThread), typeof(DeepQ.Agents.Replay.StagedReplay<float>),
    ];

    [Fact]
    public void Every_mutable_field_of_a_run_component_is_declared_resumable_or_says_why_not()
    {
        var undeclared = new List<string>();
        foreach (var type in RunComponents)
            foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                bool backing = f.Name.Contains("k__BackingField", StringComparison.Ordinal);
                if (f.IsInitOnly || f.GetCustomAttribute<NotResumableAttribute>() is not null) continue;
                undeclared.Add($"{type.Name}.{(backing ? f.Name.Split('>')[0].TrimStart('<') + " (auto-property)" : f.Name)}");
            }
        // A mutable field belongs in a [Resumable] class (saved by name, automatically) or carries
        // [NotResumable("why")]; anything else would silently reset on --resume.
        Assert.Empty(undeclared);
    }

    [Fact]
    public void Every_resumable_holder_round_trips_every_field()
    {
        var holders = typeof(ResumableState).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<ResumableAttribute>() is not null).ToList();
        Assert.Contains(typeof(DqnRun<>.Counters), holders);
        Assert.Contains(typeof(ProgressMeter.Window), holders);
        var rng = new Random(7);
        foreach (var type in holders)
        {
            var concrete = type.IsGenericTypeDefinition ? type.MakeGenericType(typeof(float)) : type;
            object written = Activator.CreateInstance(concrete)!, read = Activator.CreateInstance(concrete)!;
            var fields = ResumableState.FieldsOf(concrete);
            Assert.NotEmpty(fields);
            foreach (var f in fields) f.SetValue(written, RandomValue(f.FieldType, rng));
            var bytes = Save(new ResumableState().Fields(type.Name, written));
            new ResumableState().Fields(type.Name, read).Load(Reader(bytes), "test");
            foreach (var f in fields) Assert.Equal(f.GetValue(written), f.GetValue(read));
        }
    }

    [Resumable]
    public sealed class Before { public long Step; public double Score; }

    [Resumable]
    public sealed class After { public long Step; public double Score; public bool Added; }

    [Resumable]
    public sealed class Renamed { public long Steps; public double Score; }

    [Fact]
    public void A_checkpoint_from_a_different_declaration_is_refused_naming_what_differs()
    {
        var old = Save(new ResumableState().Fields("counters", new Before { Step = 5, Score = 1.5 }));
        var e = Assert.Throws<CheckpointException>(() => new ResumableState().Fields("counters", new After()).Load(Reader(old), "ckpt.bin"));
        Assert.Contains("Added", e.Message);
        Assert.Contains("ckpt.bin", e.Message);
        e = Assert.Throws<CheckpointException>(() => new ResumableState().Fields("counters", new Renamed()).Load(Reader(old), "ckpt.bin"));
        Assert.Contains("'Step' where this deepq expects 'Steps'", e.Message);
        e = Assert.Throws<CheckpointException>(() => new ResumableState().Fields("progress", new Before()).Load(Reader(old), "ckpt.bin"));
        Assert.Contains("part 'counters' where this deepq expects 'progress'", e.Message);
        var extraPart = new ResumableState().Fields("counters", new Before()).Part("rng", w => w.Write(1), r => r.ReadInt32());
        e = Assert.Throws<CheckpointException>(() => extraPart.Load(Reader(old), "ckpt.bin"));
        Assert.Contains("1 state parts where this deepq has 2", e.Message);
    }

    private sealed class NotMarked { public long Step = 1; }

    [Resumable]
    private sealed class HiddenField { public long Step = 1; private readonly long _hidden = 0; public long Hidden => _hidden; }

    [Resumable]
    private sealed class Unsupported { public List<int> Items = []; }

    [Fact]
    public void Holders_that_could_lose_state_are_refused_when_declared()
    {
        Assert.Throws<ArgumentException>(() => new ResumableState().Fields("x", new NotMarked()));
        Assert.Contains("_hidden", Assert.Throws<ArgumentException>(() => new ResumableState().Fields("x", new HiddenField())).Message);
        Assert.Contains("Items", Assert.Throws<ArgumentException>(() => new ResumableState().Fields("x", new Unsupported())).Message);
    }

    private static object RandomValue(Type t, Random rng) =>
        t == typeof(long) ? rng.NextInt64()
        : t == typeof(int) ? rng.Next()
        : t == typeof(double) ? rng.NextDouble() * 1e6
        : t == typeof(float) ? (float)rng.NextDouble()
        : t == typeof(bool) ? true
        : throw new ArgumentException(t.Name);

    private static byte[] Save(ResumableState s)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true)) s.Save(w);
        return ms.ToArray();
    }

    private static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes));
}
