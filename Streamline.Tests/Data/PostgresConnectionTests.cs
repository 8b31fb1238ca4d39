using Npgsql;
using Streamline.Core.Data;

namespace Streamline.Tests.Data;

public sealed class PostgresConnectionTests
{
    private static int AutoPrepared(string connectionString) =>
        new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(connectionString)).MaxAutoPrepare;

    [Fact]
    public void Automatic_preparation_is_on_unless_the_connection_string_sets_it()
    {
        Assert.Equal(PostgresConnection.AutoPrepared, AutoPrepared("Host=db;Database=streamline;Username=app"));
        Assert.Equal(0, AutoPrepared("Host=db;Database=streamline;Max Auto Prepare=0"));
        Assert.Equal(10, AutoPrepared("Host=db;Database=streamline;max auto prepare=10"));
        Assert.Equal("streamline", new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults("Host=db;Database=streamline")).Database);
    }

    [Fact]
    public void Connections_go_back_to_the_pool_without_a_reset_unless_the_connection_string_asks_for_one()
    {
        static bool NoReset(string connectionString) =>
            new NpgsqlConnectionStringBuilder(PostgresConnection.WithDefaults(connectionString)).NoResetOnClose;

        Assert.True(NoReset("Host=db;Database=streamline;Username=app"));
        Assert.False(NoReset("Host=db;Database=streamline;No Reset On Close=false"));
    }
}
