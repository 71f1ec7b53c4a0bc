using System.Reflection;

namespace DeepQ.Agents;

/// <summary>
/// Marks a class whose public instance fields are all resumable run state: <see cref="ResumableState"/>
/// saves and restores every one of them by name, so a field added to the class is checkpointed
/// without a second edit anywhere.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ResumableAttribute : Attribute;

/// <summary>
/// Marks a mutable field of a run component that is deliberately not checkpointed as a field
/// (a clock of this process, or state restored through a <see cref="ResumableState.Part"/>); the
/// reason is required, and a test checks that every other mutable field lives in a [Resumable] class.
/// </summary>
[AttributeUsage(AttributeTargets.Field, Inherited = false)]
public sealed class NotResumableAttribute(string why) : Attribute
{
    public string Why { get; } = why;
}

/// <summary>
/// The resumable state of a training run, declared once: an ordered list of named parts, each a
/// <see cref="ResumableAttribute"/> class (saved field by field, by reflection) or an object with
/// its own writer and reader (random streams, weights, optimizer moments, the replay buffer).
/// Saving and restoring walk the same list, so the two can never disagree; each part and field is
/// written with its name, so a checkpoint from code with a different declaration fails to load
/// with the name of what differs instead of restoring shifted bytes.
/// </summary>
public sealed class ResumableState
{
    private readonly List<Entry> _parts = [];

    private sealed record Entry(string Name, Action<BinaryWriter> Save, Action<BinaryReader, string> Load);

    /// <summary>Every public instance field of <paramref name="holder"/> (a [Resumable] class of long, int, double, float and bool fields).</summary>
    public ResumableState Fields(string name, object holder)
    {
        var fields = FieldsOf(holder.GetType());
        _parts.Add(new Entry(name,
            w =>
            {
                w.Write(fields.Length);
                foreach (var f in fields) { w.Write(f.Name); WriteValue(w, f.GetValue(holder)!); }
            },
            (r, path) =>
            {
                int n = r.ReadInt32();
                if (n != fields.Length)
                    throw new CheckpointException($"Checkpoint '{path}': part '{name}' holds {n} values where this deepq has {fields.Length} ({string.Join(", ", fields.Select(f => f.Name))}); resume it with the deepq that wrote it.");
                foreach (var f in fields)
                {
                    string saved = r.ReadString();
                    if (saved != f.Name)
                        throw new CheckpointException($"Checkpoint '{path}': part '{name}' holds '{saved}' where this deepq expects '{f.Name}'; resume it with the deepq that wrote it.");
                    f.SetValue(holder, ReadValue(r, f.FieldType));
                }
            }));
        return this;
    }

    /// <summary>A part with its own writer and reader (which must read exactly what the writer wrote).</summary>
    public ResumableState Part(string name, Action<BinaryWriter> save, Action<BinaryReader> load)
    {
        _parts.Add(new Entry(name, save, (r, _) => load(r)));
        return this;
    }

    /// <summary>The part names, in order.</summary>
    public IReadOnlyList<string> Names => _parts.Select(p => p.Name).ToList();

    public void Save(BinaryWriter w)
    {
        w.Write(_parts.Count);
        foreach (var p in _parts)
        {
            w.Write(p.Name);
            p.Save(w);
        }
    }

    /// <param name="path">The checkpoint file, for error messages.</param>
    public void Load(BinaryReader r, string path)
    {
        int n = r.ReadInt32();
        if (n != _parts.Count)
            throw new CheckpointException($"Checkpoint '{path}' holds {n} state parts where this deepq has {_parts.Count}; resume it with the deepq that wrote it.");
        foreach (var p in _parts)
        {
            string saved = r.ReadString();
            if (saved != p.Name)
                throw new CheckpointException($"Checkpoint '{path}' holds part '{saved}' where this deepq expects '{p.Name}'; resume it with the deepq that wrote it.");
            p.Load(r, path);
        }
    }

    /// <summary>The fields <see cref="Fields"/> saves for a [Resumable] type; throws for a type it cannot save.</summary>
    public static FieldInfo[] FieldsOf(Type type)
    {
        if (type.GetCustomAttribute<ResumableAttribute>() is null)
            throw new ArgumentException($"{type.Name} is not marked [Resumable]");
        var all = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        var hidden = all.Where(f => !f.IsPublic || f.IsInitOnly).Select(f => f.Name).ToList();
        if (hidden.Count > 0)
            throw new ArgumentException($"[Resumable] {type.Name} may only have public, writable fields; {string.Join(", ", hidden)} would not be saved");
        foreach (var f in all)
            if (!Supported.Contains(f.FieldType))
                throw new ArgumentException($"[Resumable] {type.Name}.{f.Name} is a {f.FieldType.Name}; only long, int, double, float and bool fields can be saved");
        return all.OrderBy(f => f.MetadataToken).ToArray();
    }

    private static readonly Type[] Supported = [typeof(long), typeof(int), typeof(double), typeof(float), typeof(bool)];

    private static void WriteValue(BinaryWriter w, object v)
    {
        switch (v)
        {
            case long l: w.Write(l); break;
            case int i: w.Write(i); break;
            case double d: w.Write(d); break;
            case float f: w.Write(f); break;
            case bool b: w.Write(b); break;
            default: throw new ArgumentException($"cannot save a {v.GetType().Name}");
        }
    }

    private static object ReadValue(BinaryReader r, Type t) =>
        t == typeof(long) ? r.ReadInt64()
        : t == typeof(int) ? r.ReadInt32()
        : t == typeof(double) ? r.ReadDouble()
        : t == typeof(float) ? r.ReadSingle()
        : t == typeof(bool) ? r.ReadBoolean()
        : throw new ArgumentException($"cannot read a {t.Name}");
}
