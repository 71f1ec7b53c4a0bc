// Runs `deepq train`'s default (cartpole-fast) for a range of seeds and prints one table row per
// seed: status, agent steps, final 100-episode greedy evaluation mean, wall time.
// Usage: dotnet run -c Release --project tools/agents-cartpole-seeds -- [first-seed] [last-seed] [key=value ...]
using System.Diagnostics;
using System.Globalization;
using DeepQ.Agents.Config;
using DeepQ.Agents.Training;

int first = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
int last = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var overrides = args.Skip(2).Select(a => a.Split('=', 2)).Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToList();
Console.WriteLine("seed | status | steps | final mean (100 greedy) | best periodic | wall s | cpu s");
int solved = 0;
var total = Stopwatch.StartNew();
for (int seed = first; seed <= last; seed++)
{
    var config = ConfigLoader.Resolve(flags: [.. overrides, new("seed", seed.ToString(CultureInfo.InvariantCulture))]);
    var sw = Stopwatch.StartNew();
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var r = DqnTrainer.Train(config, null);
    sw.Stop();
    double mean = r.FinalEvaluation?.Mean ?? double.NaN;
    if (mean >= 475) solved++;
    Console.WriteLine(FormattableString.Invariant($"{seed} | {r.Status} | {r.Steps} | {mean:0.0} | {r.BestScore:0.0} | {sw.Elapsed.TotalSeconds:0.0} | {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:0.0}"));
}
Console.WriteLine(FormattableString.Invariant($"solved {solved}/{last - first + 1}, total {total.Elapsed.TotalSeconds:0.0} s"));
