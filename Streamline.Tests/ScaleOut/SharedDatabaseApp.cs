using Streamline.Core.Data;
using Streamline.Tests.Support;

namespace Streamline.Tests.ScaleOut;

/// <summary>
/// A further web instance on a database that another fixture created and owns: disposing this
/// instance leaves the database alone.
/// </summary>
public sealed class SharedDatabaseApp : StreamlineApp
{
    private readonly DatabaseProvider _provider;

    public SharedDatabaseApp(TestDatabase database) : base(database) => _provider = database.Provider;

    public override DatabaseProvider Provider => _provider;
}
