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
