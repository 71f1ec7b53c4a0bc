namespace DeepQ.Cli.Tests;

public class ErrorHandlingTests
{
    private static (int Code, string Err) Report(Exception e)
    {
        var err = new StringWriter { NewLine = "\n" };
        int code = ErrorReporter.Report(e, err);
        return (code, err.ToString());
    }

    [Fact]
    public void Library_user_errors_are_one_line_with_exit_1()
    {
        foreach (var e in new Exception[]
                 {
                     new Emulator.RomException("No ROM for 'pong'; run 'deepq import-roms DIR'."),
                     new Envs.EnvException("Unknown environment id 'x'."),
                     new Nn.NnFormatException("tensor 'w' has shape [1] but [2] expected"),
                     new Agents.CheckpointException("checkpoint is corrupt;\nstart a new run"),
                     new Agents.TrainingDivergedException("loss became NaN at step 10; the last good checkpoint is kept"),
                     new Emulator.Traces.TraceException("bad trace"),
                 })
        {
            var (code, err) = Report(e);
            Assert.Equal(1, code);
            Assert.Equal("deepq: error: " + ErrorReporter.OneLine(e.Message) + "\n", err);
        }
    }

    [Fact]
    public void Multi_line_messages_become_one_line()
    {
        Assert.Equal("a b c", ErrorReporter.OneLine("a\n  b\r\nc\n"));
    }

    [Fact]
    public void File_system_errors_name_the_path_and_a_fix()
    {
        var (code, err) = Report(new UnauthorizedAccessException("Access to the path '/root/x' is denied."));
        Assert.Equal(1, code);
        Assert.Equal("deepq: error: Access to the path '/root/x' is denied. Choose a folder you can write to, or fix its permissions.\n", err);
    }

    [Fact]
    public void A_bug_is_one_line_without_a_stack_trace_and_exit_70()
    {
        Exception thrown;
        try { throw new InvalidOperationException("index went wrong"); }
        catch (InvalidOperationException e) { thrown = e; }
        var (code, err) = Report(thrown);
        Assert.Equal(70, code);
        Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("deepq: internal error: InvalidOperationException: index went wrong", err);
    }

    [Fact]
    public void Cancellation_exits_130()
    {
        Assert.Equal(130, Report(new OperationCanceledException()).Code);
    }

    [Fact]
    public void First_ctrl_c_cancels_and_keeps_running_second_quits()
    {
        var err = new StringWriter();
        using var handler = new InterruptHandler(err);
        Assert.False(handler.Token.IsCancellationRequested);
        Assert.True(handler.Press());
        Assert.True(handler.Token.IsCancellationRequested);
        Assert.False(handler.Press());
        Assert.Contains("saving", err.ToString());
    }
}
