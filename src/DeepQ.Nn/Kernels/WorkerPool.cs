namespace DeepQ.Nn.Kernels;

/// <summary>One parallel job: <see cref="Execute"/> runs task <c>index</c> of a fixed task list.</summary>
public interface IParallelWork
{
    /// <summary>Runs task <paramref name="index"/>; tasks must write disjoint outputs.</summary>
    void Execute(int index);
}

/// <summary>
/// The engine's compute threads: <see cref="ThreadCount"/> − 1 long-lived workers plus the
/// calling thread share the tasks of one job. Which thread runs which task is decided at run
/// time (first come, first served, so a core stolen by another process does not stall the
/// job), which is why every kernel fixes its task partition up front and makes each task
/// write a disjoint part of the output: results then never depend on thread timing.
/// A job is over when all its tasks are done, not when every worker has checked in: a worker
/// that wakes late (descheduled, or asleep after its spin) finds the job's generation gone and
/// claims nothing, so the caller never waits for a thread that did no work. Task claims carry
/// the job's generation in the same 64-bit word as the next task index, so a late worker can
/// never run a task of a job whose generation has closed, nor any task twice. The job's
/// completion is its count of finished tasks; the event that wakes the caller is only a hint
/// (a worker may signal it late, after the next job began).
/// Workers spin briefly after a job (jobs arrive back to back during an update), then sleep.
/// </summary>
public static class WorkerPool
{
    private static readonly object s_gate = new();
    private static int s_threadCount = Environment.ProcessorCount;
    private static Worker[] s_workers = [];
    private static int s_busy;

    private static IParallelWork? s_job;
    private static int s_taskCount;
    // High 32 bits: job generation; low 32 bits: next unclaimed task of that job.
    private static long s_claim;
    private static int s_done;
    private static readonly ManualResetEventSlim s_finished = new(false, 2000);
    private static Exception? s_error;

    /// <summary>
    /// Threads a kernel may use (the caller included); defaults to the number of cores.
    /// Changing it never changes a result, only the speed.
    /// </summary>
    public static int ThreadCount
    {
        get => s_threadCount;
        set
        {
            if (value < 1) throw new ArgumentOutOfRangeException(nameof(value), $"Thread count must be at least 1, got {value}.");
            s_threadCount = value;
        }
    }

    [ThreadStatic] private static bool t_alone;

    /// <summary>
    /// While true, kernels called on this thread run on it alone and never take the pool: a small
    /// pass (an agent's batch-1 action) that runs beside a large one (an update on the learner
    /// thread) leaves both kernel threads to the large one. Results are the same either way.
    /// </summary>
    public static bool ThisThreadAlone
    {
        get => t_alone;
        set => t_alone = value;
    }

    /// <summary>
    /// Runs tasks 0..taskCount−1 of <paramref name="work"/>, on the pool when it is free and
    /// on the calling thread alone when it is busy (nested or concurrent calls), returning
    /// when all are done. Exceptions from tasks are rethrown here.
    /// </summary>
    public static void Run(int taskCount, IParallelWork work)
    {
        int threads = Math.Min(s_threadCount, taskCount);
        if (threads <= 1 || t_alone || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int i = 0; i < taskCount; i++) work.Execute(i);
            return;
        }
        try
        {
            EnsureWorkers(threads - 1);
            s_job = work;
            s_taskCount = taskCount;
            s_error = null;
            Volatile.Write(ref s_done, 0);
            s_finished.Reset();
            // Publishing the new generation (task 0 unclaimed) opens the job to claims.
            long generation = (Volatile.Read(ref s_claim) >> 32) + 1;
            Interlocked.Exchange(ref s_claim, generation << 32);
            for (int w = 0; w < threads - 1; w++) s_workers[w].Start.Set();
            Pause?.Invoke(PausePoint.CallerBeforeDrain);
            Drain(generation);
            // The count decides, the event only wakes: it may hold a late Set from the worker that
            // counted the previous job's last task and was descheduled before signalling. A Set
            // that the Reset below swallows came after its count, which the loop then reads.
            while (Volatile.Read(ref s_done) < taskCount)
            {
                s_finished.Wait();
                s_finished.Reset();
            }
            // Close the generation: a worker waking from now on claims nothing.
            Interlocked.Exchange(ref s_claim, (generation << 32) | 0xFFFFFFFFL);
            s_job = null;
            if (s_error is { } e) throw new AggregateException("A parallel kernel task failed.", e);
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>Claims and runs tasks of job <paramref name="generation"/> until none are left.</summary>
    private static void Drain(long generation)
    {
        var job = s_job;
        int count = s_taskCount;
        while (true)
        {
            long claim = Volatile.Read(ref s_claim);
            if (claim >> 32 != generation) return;
            int next = (int)(claim & 0xFFFFFFFFL);
            if ((uint)next >= (uint)count) return;
            if (Interlocked.CompareExchange(ref s_claim, claim + 1, claim) != claim) continue;
            try { job!.Execute(next); }
            catch (Exception e) { Interlocked.CompareExchange(ref s_error, e, null); }
            if (Interlocked.Increment(ref s_done) == count)
            {
                Pause?.Invoke(PausePoint.LastTaskCounted);
                s_finished.Set();
            }
        }
    }

    /// <summary>Places where a thread descheduled at the wrong moment meets the others (see <see cref="Pause"/>).</summary>
    internal enum PausePoint
    {
        /// <summary>The caller has opened the job and woken the workers, and has not claimed a task yet.</summary>
        CallerBeforeDrain,
        /// <summary>A thread has counted the job's last task done and has not signalled it yet.</summary>
        LastTaskCounted,
    }

    /// <summary>
    /// Test seam, null in use: called at each <see cref="PausePoint"/> so a test can hold a
    /// thread there and replay a rare interleaving (a worker descheduled for a while) on demand.
    /// </summary>
    internal static Action<PausePoint>? Pause;

    private static void EnsureWorkers(int needed)
    {
        if (s_workers.Length >= needed) return;
        lock (s_gate)
        {
            if (s_workers.Length >= needed) return;
            var grown = new Worker[needed];
            Array.Copy(s_workers, grown, s_workers.Length);
            for (int i = s_workers.Length; i < needed; i++) grown[i] = new Worker(i);
            s_workers = grown;
        }
    }

    /// <summary>A background thread that drains tasks each time it is started.</summary>
    private sealed class Worker
    {
        // Spin ~ tens of microseconds before blocking: consecutive kernels of one update reuse a hot worker.
        public readonly ManualResetEventSlim Start = new(false, 2000);

        public Worker(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"DeepQ.Nn kernel worker {index + 1}" };
            thread.Start();
        }

        private void Loop()
        {
            while (true)
            {
                Start.Wait();
                Start.Reset();
                // The generation that is open now (if the job already finished, it is closed and Drain claims nothing).
                Drain(Volatile.Read(ref s_claim) >> 32);
            }
        }
    }
}
