using Microsoft.EntityFrameworkCore;

namespace Streamline.Core.Data;

// One subclass per provider so each keeps its own migrations folder and model snapshot. Options only: the contexts are
// pooled, and a pooled instance gets its workspace scope when it is handed out (StreamlineDbContext.Rent).

public sealed class SqliteStreamlineDbContext(DbContextOptions<SqliteStreamlineDbContext> options) : StreamlineDbContext(options);

public sealed class PostgresStreamlineDbContext(DbContextOptions<PostgresStreamlineDbContext> options) : StreamlineDbContext(options);

public sealed class SqlServerStreamlineDbContext(DbContextOptions<SqlServerStreamlineDbContext> options) : StreamlineDbContext(options);
