using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Streamline.Core.Data;

// Used only by `dotnet ef` (scripts/add-migration.sh). The connection strings are never opened
// for adding migrations or generating scripts, so SQL Server needs no running server here.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteStreamlineDbContext>
{
    public SqliteStreamlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteStreamlineDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresStreamlineDbContext>
{
    public PostgresStreamlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresStreamlineDbContext>().UseNpgsql("Host=localhost;Database=streamline").Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerStreamlineDbContext>
{
    public SqlServerStreamlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerStreamlineDbContext>().UseSqlServer("Server=localhost;Database=streamline;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
