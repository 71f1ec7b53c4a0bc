using DeepQ.Emulator.Machine;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Machine;

/// <summary>Whole-machine state: restoring a snapshot and replaying the same inputs gives byte-identical frames.</summary>
public sealed class SaveRestoreTest
{
    private static void Drive(AtariConsole c, int frame)
    {
        // Sweep the left paddle and press its button now and then so the game state keeps changing.
        c.SetPaddle(0, (frame * 7919) % 1_000_000, frame % 13 < 3);
        c.ResetSwitch = frame is >= 70 and < 75;
    }

    [SharedFact]
    public void Restore_then_replay_gives_identical_frames_and_ram()
    {
        var console = PowerOnTraceTest.LoadPong();
        console.RunPowerOnFrames();
        for (int f = 0; f < 100; f++) { Drive(console, f); console.RunFrame(); }

        var snapshot = new MemoryStream();
        using (var w = new BinaryWriter(snapshot, System.Text.Encoding.UTF8, leaveOpen: true)) console.SaveState(w);

        const int M = 60;
        var screens = new List<byte[]>();
        var rams = new List<byte[]>();
        for (int f = 100; f < 100 + M; f++)
        {
            Drive(console, f);
            console.RunFrame();
            screens.Add(console.Screen.ToArray());
            rams.Add(console.Ram.ToArray());
        }
        long cyclesAfter = console.Cycles;
        Assert.True(screens.Distinct(new ByteArrayComparer()).Count() > 1, "the replayed stretch should not be a still picture");

        // Scribble over the machine, then restore.
        for (int f = 0; f < 37; f++) { Drive(console, 1000 + f); console.RunFrame(); }
        snapshot.Position = 0;
        using (var r = new BinaryReader(snapshot)) console.LoadState(r);

        for (int i = 0; i < M; i++)
        {
            Drive(console, 100 + i);
            console.RunFrame();
            Assert.True(screens[i].AsSpan().SequenceEqual(console.Screen), $"frame {i} after restore differs");
            Assert.True(rams[i].AsSpan().SequenceEqual(console.Ram), $"RAM after frame {i} differs");
        }
        Assert.Equal(cyclesAfter, console.Cycles);
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) { var h = new HashCode(); h.AddBytes(obj); return h.ToHashCode(); }
    }
}
