using Streamline.Bench.Credits;

// bench/credits.sh drives this in three steps against one PostgreSQL database:
//   setup   migrate, create the workspaces and wallets (and API keys for the HTTP run), write the state file
//   serve   stays up and measures on request: C clients spending through CreditService, spends/s per line
//   verify  every wallet still equals the sum of its ledger
// The database comes from the app's own settings (Database__Provider, ConnectionStrings__Streamline).
try
{
    var command = args.FirstOrDefault();
    var options = BenchOptions.Parse(args.Skip(1));
    using var host = BenchServices.Build();
    var services = host.Services;
    return command switch
    {
        "setup" => await BenchSetup.RunAsync(services, options),
        "serve" => await SpendServer.RunAsync(services, options),
        "verify" => await LedgerCheck.RunAsync(services, options),
        _ => Usage($"unknown command '{command}'"),
    };
}
catch (UsageException e)
{
    return Usage(e.Message);
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"credits-bench: {problem}");
    Console.Error.WriteLine("usage: CreditsBench setup  --state FILE --keys FILE [--wallets N]");
    Console.Error.WriteLine("       CreditsBench serve  --state FILE [--clients C]   (then lines 'spread|hot LEAD_IN DURATION' on stdin)");
    Console.Error.WriteLine("       CreditsBench verify --state FILE");
    return 2;
}
