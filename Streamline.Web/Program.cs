using Streamline.Core.Hosting;
using Streamline.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.UseRootEnvironmentFile(builder.Environment);

var runJobServer = builder.Configuration.GetValue("Workers:InProcess", true);
var database = builder.Services.AddStreamlineCore(builder.Configuration, builder.Environment, runJobServer);
builder.Services.AddStreamlineWeb(builder.Configuration, builder.Environment);

var app = builder.Build();
StartupNotices.Log(app.Services, database, hasServer: true, DataProtectionSetup.Notice(app.Configuration, app.Environment));

if (args.FirstOrDefault() == "migrate")
{
    // Servers are migrated explicitly, by an operator or a deploy step, never by a web instance racing others.
    await StartupTasks.PrepareDatabaseAsync(app.Services, applyMigrations: true);
    Console.WriteLine("Database migrated.");
    return;
}

await StartupTasks.PrepareDatabaseAsync(app.Services, applyMigrations: database.IsEmbedded);
app.UseStreamlineWeb();
StartupTasks.AnnounceWhenStarted(app);
app.Run();

public partial class Program;
