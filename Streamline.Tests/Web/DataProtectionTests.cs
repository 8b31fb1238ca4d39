using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamline.Core.Hosting;
using Streamline.Tests.Support;
using Streamline.Web.Infrastructure;

namespace Streamline.Tests.Web;

public sealed class DataProtectionNoticeTests
{
    [Fact]
    public void A_server_without_a_certificate_is_told_which_setting_encrypts_its_keys()
    {
        var notice = DataProtectionSetup.Notice(Config(null), new Env("Production"));
        Assert.NotNull(notice);
        Assert.StartsWith("DataProtection:CertificatePath is not set", notice);
        Assert.Contains("DataProtection:CertificatePassword", notice);
    }

    [Fact]
    public void A_laptop_or_a_server_with_a_certificate_hears_nothing()
    {
        Assert.Null(DataProtectionSetup.Notice(Config(null), new Env("Development")));
        Assert.Null(DataProtectionSetup.Notice(Config(null), new Env("Testing")));
        Assert.Null(DataProtectionSetup.Notice(Config("/etc/streamline/keys.pfx"), new Env("Production")));
    }

    private static IConfiguration Config(string? path) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [DataProtectionSetup.CertificatePathKey] = path }).Build();

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Streamline.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}

public sealed class DataProtectionLogTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void Without_a_certificate_the_testing_app_keeps_quiet_about_unencrypted_keys_but_not_about_errors()
    {
        var keyManager = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(XmlKeyManager).FullName!);
        Assert.False(keyManager.IsEnabled(LogLevel.Warning));
        Assert.True(keyManager.IsEnabled(LogLevel.Error));
    }
}

/// <summary>The app with its key ring protected by a certificate, as a server should run.</summary>
public sealed class CertificateKeysApp : StreamlineApp
{
    public const string Password = "pfx password";

    public string CertificatePath => Path.Combine(DataDirectory, "keys.pfx");

    protected override void Configure(IDictionary<string, string?> settings)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Streamline data protection (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, Password));
        settings[DataProtectionSetup.CertificatePathKey] = CertificatePath;
        settings[DataProtectionSetup.CertificatePasswordKey] = Password;
    }
}

public sealed class CertificateKeysTests(CertificateKeysApp app) : IClassFixture<CertificateKeysApp>
{
    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_still_sign_users_in()
    {
        var (client, _) = await AppClient.SignedInUserAsync(app);
        await client.GetDocumentAsync("/app");

        await using var db = app.Database.NewContext();
        var key = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());
        Assert.Contains("<encryptedSecret", key);
        Assert.DoesNotContain("<masterKey", key);
        // Read back from the database, the key decrypts through the certificate.
        var stored = Assert.Single(app.Services.GetRequiredService<IKeyManager>().GetAllKeys());
        Assert.NotNull(stored.CreateEncryptor());
    }
}
