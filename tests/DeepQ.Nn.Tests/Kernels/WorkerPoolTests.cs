using DeepQ.Nn.Kernels;

namespace DeepQ.Nn.Tests.Kernels;

public class WorkerPoolTests
{
    private sealed class CountingWork(int count) : IParallelWork
    {
        public readonly int[] Runs = new int[count];
        public readonly int[] Threads = new int[count];
        public void Execute(int index)
        {
            Interlocked.Increment(ref Runs[index]);
            Threads[index] = Environment.CurrentManagedThreadId;
            Thread.SpinWait(2000); // long enough for the other threads to join
        }
    }

    [Fact]
    public void Every_task_runs_exactly_once_for_any_thread_count()
    {
        int saved = WorkerPool.ThreadCount;
        try
        {
            foreach (int threads in new[] { 1, 2, 4 })
            {
                WorkerPool.ThreadCount = threads;
                for (int round = 0; round < 20; round++)
                {
                    var work = new CountingWork(37);
                    WorkerPool.Run(37, work);
                    Assert.All(work.Runs, r => Assert.Equal(1, r));
                }
            }
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [Fact]
    public void A_single_thread_setting_runs_everything_on_the_caller()
    {
        int saved = WorkerPool.ThreadCount;
        try
        {
            WorkerPool.ThreadCount = 1;
            var work = new CountingWork(8);
            WorkerPool.Run(8, work);
            Assert.All(work.Threads, t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    private sealed class NestedWork : IParallelWork
    {
        public readonly int[] Inner = new int[4 * 5];
        public void Execute(int index)
        {
            // A kernel inside a task: the pool is busy, so it runs inline on this thread.
            WorkerPool.Run(5, new Inline(this, index));
        }

        private sealed class Inline(NestedWork owner, int outer) : IParallelWork
        {
            public void Execute(int index) => Interlocked.Increment(ref owner.Inner[outer * 5 + index]);
        }
    }

    [Fact]
    public void Nested_runs_complete_inline()
    {
        var work = new NestedWork();
        WorkerPool.Run(4, work);
        Assert.All(work.Inner, r => Assert.Equal(1, r));
    }

    private sealed class Failing : IParallelWork
    {
        public void Execute(int index)
        {
            if (index == 3) throw new InvalidOperationException("task 3 broke");
        }
    }

    [Fact]
    public void A_failing_task_surfaces_on_the_caller_and_the_pool_stays_usable()
    {
        int saved = WorkerPool.ThreadCount;
        try
        {
            WorkerPool.ThreadCount = 2;
            var ex = Assert.ThrowsAny<Exception>(() => WorkerPool.Run(8, new Failing()));
            Assert.Contains("task 3 broke", ex is AggregateException a ? a.InnerException!.Message : ex.Message);
            var work = new CountingWork(6);
            WorkerPool.Run(6, work);
            Assert.All(work.Runs, r => Assert.Equal(1, r));
        }
        finally { WorkerPool.ThreadCount = saved; }
    }

    [Fact]
    public void Thread_count_below_one_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkerPool.ThreadCount = 0);
    }
}

/// <summary>
/// The completion race behind an AccessViolationException inside Conv's direct weight gradient
/// (DirectWeightJob.Execute on a worker, after the caller had cleared the job's pointers and
/// unpinned its buffers): a worker that counted a job's last task and was descheduled before
/// signalling it signalled the NEXT job's completion event, so that job's caller stopped waiting
/// while a worker still ran one of its tasks. The <see cref="WorkerPool.Pause"/> seam replays
/// that interleaving step by step, so the test fails every time without the fix.
/// </summary>
[Collection(KernelSwitchesCollection.Name)]
public class WorkerPoolCompletionTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10); // a bound on each hand-over, never reached when all goes well

    /// <summary>Task i marks itself done; on a worker it first signals that it started and takes a while.</summary>
    private sealed class Marked(int count, int callerThread) : IParallelWork
    {
        private readonly int[] _done = new int[count];
        public readonly ManualResetEventSlim WorkerStarted = new(false);
        public int Unfinished()
        {
            int n = 0;
            for (int i = 0; i < _done.Length; i++) if (Volatile.Read(ref _done[i]) == 0) n++;
            return n;
        }
        public void Execute(int index)
        {
            if (Environment.CurrentManagedThreadId != callerThread)
            {
                WorkerStarted.Set();
                Thread.Sleep(300);
            }
            Volatile.Write(ref _done[index], 1);
        }
    }

    [Fact]
    public void A_late_signal_from_the_previous_job_does_not_end_the_next_one_early()
    {
        int saved = WorkerPool.ThreadCount;
        int caller = Environment.CurrentManagedThreadId;
        var workerCountedFirstJob = new ManualResetEventSlim(false);
        var secondJobOpen = new ManualResetEventSlim(false);
        var first = new Marked(2, caller);
        var second = new Marked(2, caller);
        int job = 1;
        WorkerPool.Pause = point =>
        {
            bool onCaller = Environment.CurrentManagedThreadId == caller;
            if (job == 1 && point == WorkerPool.PausePoint.CallerBeforeDrain && onCaller)
                // Let the worker run both tasks of the first job, so it counts the last one.
                Assert.True(workerCountedFirstJob.Wait(Step), "the worker never counted the first job's last task");
            else if (job == 1 && point == WorkerPool.PausePoint.LastTaskCounted && !onCaller)
            {
                // The worker is descheduled here until the caller has opened the next job.
                workerCountedFirstJob.Set();
                secondJobOpen.Wait(Step);
            }
            else if (job == 2 && point == WorkerPool.PausePoint.CallerBeforeDrain && onCaller)
            {
                secondJobOpen.Set();
                // The late worker signals, then takes a task of this job; the caller takes the other.
                Assert.True(second.WorkerStarted.Wait(Step), "the worker never joined the second job");
            }
        };
        try
        {
            WorkerPool.ThreadCount = 2;
            WorkerPool.Run(2, first);
            Assert.True(first.Unfinished() == 0, "the first job returned early");
            job = 2;
            WorkerPool.Run(2, second);
            Assert.True(second.Unfinished() == 0, "Run returned while a worker still ran a task of its job");
        }
        finally
        {
            WorkerPool.Pause = null;
            secondJobOpen.Set();
            WorkerPool.ThreadCount = saved;
        }
    }
}
