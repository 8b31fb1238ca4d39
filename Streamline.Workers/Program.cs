using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Streamline.Core.Data;
using Streamline.Core.Hosting;

// A Hangfire server over the same job classes as the web app, for scaling background work out.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.UseRootEnvironmentFile(builder.Environment);

var database = builder.Services.AddStreamlineCore(builder.Configuration, builder.Environment, runJobServer: true);
if (database.IsEmbedded)
{
    Console.Error.WriteLine(
        "Streamline.Workers needs shared job storage: set Database:Provider to Postgres or SqlServer " +
        "(with ConnectionStrings:Streamline). With SQLite the web app runs background jobs in-process.");
    return 2;
}

var host = builder.Build();
StartupNotices.Log(host.Services, database, hasServer: false, DataProtectionSetup.Notice(builder.Configuration, builder.Environment));
if (args.FirstOrDefault() == "migrate")
{
    await DatabaseMigrator.MigrateAsync(host.Services);
    Console.WriteLine("Database migrated.");
    return 0;
}
await host.RunAsync();
return 0;
