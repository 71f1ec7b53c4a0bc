using System.Runtime.InteropServices;
using DeepQ.Agents.Replay;
using DeepQ.Envs;

namespace DeepQ.Agents.Training;

/// <summary>
/// The training environment's calls since its last real (seeded) reset: the reset seed, then each
/// action. An emulator's state is not saved in checkpoints; replaying these calls on a fresh env
/// rebuilds it exactly, and the result is checked against the replay buffer's newest observation.
/// </summary>
internal sealed class EnvHistory
{
    private readonly List<(bool IsReset, int Value)> _calls = [];

    public void Reset(int? seed)
    {
        if (seed is not null) _calls.Clear(); // a seeded reset restarts the game: nothing before it matters
        _calls.Add((true, seed ?? -1));
    }

    public void Step(int action) => _calls.Add((false, action));

    public void Declare(ResumableState state) => state.Part("env-history", w =>
    {
        w.Write(_calls.Count);
        foreach (var (isReset, value) in _calls) { w.Write(isReset); w.Write(value); }
    }, r =>
    {
        int n = r.ReadInt32();
        if (n < 0) throw new FormatException($"impossible count {n} of environment calls");
        _calls.Clear();
        for (int i = 0; i < n; i++) _calls.Add((r.ReadBoolean(), r.ReadInt32()));
    });

    /// <summary>Re-issues the calls on <paramref name="env"/>; with a restored replay buffer, checks the env ends on its newest observation.</summary>
    public void Replay<T>(IEnv<T> env, ReplayBuffer<T> replay, bool checkAgainstReplay, string path) where T : unmanaged
    {
        if (_calls.Count == 0 || !_calls[0].IsReset)
            throw new CheckpointException($"Checkpoint '{path}' has no environment history; the file is corrupt.");
        foreach (var (isReset, value) in _calls)
        {
            if (isReset) env.Reset(value >= 0 ? value : null);
            else env.Step(value);
        }
        if (!checkAgainstReplay)
        {
            replay.StartEpisode(env.Observation);
            return;
        }
        var expected = new T[replay.ObservationSize];
        replay.CopyLatestObservation(expected);
        if (!MemoryMarshal.AsBytes(env.Observation).SequenceEqual(MemoryMarshal.AsBytes(expected.AsSpan())))
            throw new CheckpointException($"Replaying the environment from checkpoint '{path}' did not reproduce the saved observation; the environment code changed since the run started, so it cannot be resumed bit-identically. Start a new run.");
    }
}
