using Streamline.Bench.Chat;
using Streamline.Bench.Credits;

// bench/chat.sh drives this in three roles:
//   setup     migrate, create the workspaces (widget, campaign, credits) and write their widget keys
//   provider  a local chat-completions server with a fixed first-token delay and token rate, until stopped
//   load      C clients at a time, side by side: straight at the provider, and as widget visitors through the app
// The database comes from the app's own settings (Database__Provider, ConnectionStrings__Streamline).
try
{
    var command = args.FirstOrDefault();
    var options = BenchOptions.Parse(args.Skip(1));
    return command switch
    {
        "setup" => await ChatSetup.RunAsync(options),
        "provider" => await LocalProvider.RunAsync(options),
        "load" => await ChatLoad.RunAsync(options),
        _ => Usage($"unknown command '{command}'"),
    };
}
catch (UsageException e)
{
    return Usage(e.Message);
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"chat-bench: {problem}");
    Console.Error.WriteLine("usage: ChatBench setup    --keys FILE [--workspaces W]");
    Console.Error.WriteLine("       ChatBench provider --port P [--first-token-ms D] [--tokens T] [--token-ms R]");
    Console.Error.WriteLine("       ChatBench load     --app URL --provider URL --keys FILE [--clients C] [--seconds S] [--rounds N] [--warmup S]");
    return 2;
}
