using Microsoft.EntityFrameworkCore;

namespace Streamline.Core.Data;

// One subclass per provider so each keeps its own migrations folder and model snapshot.

public sealed class SqliteStreamlineDbContext(DbContextOptions<SqliteStreamlineDbContext> options, IWorkspaceScope? scope = null)
    : StreamlineDbContext(options, scope);

public sealed class PostgresStreamlineDbContext(DbContextOptions<PostgresStreamlineDbContext> options, IWorkspaceScope? scope = null)
    : StreamlineDbContext(options, scope);

public sealed class SqlServerStreamlineDbContext(DbContextOptions<SqlServerStreamlineDbContext> options, IWorkspaceScope? scope = null)
    : StreamlineDbContext(options, scope);
