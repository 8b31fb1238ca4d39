using Streamline.Bench.Conversations;
using Streamline.Bench.Credits;
using Streamline.Core.Data;

// bench/conversations.sh runs this against an app it started on the same database:
//   run  migrate, create the set's workspaces, talk through every conversation as widget visitors, print the scores
try
{
    var command = args.FirstOrDefault();
    var options = BenchOptions.Parse(args.Skip(1));
    return command switch
    {
        "run" => await RunAsync(options),
        _ => Usage($"unknown command '{command}'"),
    };
}
catch (UsageException e)
{
    return Usage(e.Message);
}

static async Task<int> RunAsync(BenchOptions options)
{
    var app = new Uri(options.Text("app"));
    var engine = options.Text("engine");
    var set = EvalSet.Load(options.Text("set"));
    using var host = BenchServices.Build();
    await DatabaseMigrator.MigrateAsync(host.Services);
    var keys = await EvalWorld.CreateAsync(host.Services, set.Workspaces);
    var driver = new EvalDriver(() => new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromMinutes(2) }, host.Services);
    var transcripts = new List<EvalTranscript>();
    foreach (var conversation in set.Conversations)
    {
        transcripts.Add(await driver.RunAsync(conversation, keys[conversation.Workspace]));
        Console.Error.Write('.');
    }
    Console.Error.WriteLine();
    var score = EvalScore.Of(set, transcripts);
    Console.WriteLine(score.Table(engine));
    if (options.Text("misses") == "yes") Console.WriteLine(string.Join('\n', score.Misses));
    return 0;
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"conversations-bench: {problem}");
    Console.Error.WriteLine("usage: ConversationsBench run --app URL --set FOLDER --engine NAME --misses yes|no");
    return 2;
}
