using Streamline.Bench.Credits;
using Streamline.Bench.Shopify;

// bench/shopify.sh drives this in two roles, as two processes:
//   shop  a local Admin GraphQL API with Shopify's leaky cost bucket over a generated catalog, until stopped
//   sync  the app's own connect and sync (ShopifySync, as the Workers process runs it) against that shop
// The database comes from the app's own settings (Database__Provider, ConnectionStrings__Streamline).
try
{
    var command = args.FirstOrDefault();
    var options = BenchOptions.Parse(args.Skip(1));
    return command switch
    {
        "shop" => await LocalShop.RunAsync(options),
        "sync" => await SyncRun.RunAsync(options),
        _ => Usage($"unknown command '{command}'"),
    };
}
catch (UsageException e)
{
    return Usage(e.Message);
}

static int Usage(string problem)
{
    Console.Error.WriteLine($"shopify-bench: {problem}");
    Console.Error.WriteLine("usage: ShopifyBench shop --port P [--orders N] [--customers C] [--products K] [--bucket B] [--restore R]");
    Console.Error.WriteLine("       ShopifyBench sync --shop URL");
    return 2;
}
