using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Streamline.Core.Data;

namespace Streamline.Core.Hosting;

/// <summary>
/// The Data Protection key ring (auth cookies, antiforgery tokens, stored credentials of jobs, stores and channels,
/// unsubscribe links) lives in the database, so every web instance reads every other instance's cookies, a Workers
/// process decrypts what the web app encrypted, and a link a Workers process put in a mail works on the web. Outside
/// Development its keys are encrypted with the
/// certificate at <c>DataProtection:CertificatePath</c>; a laptop's keys stay plain in its own database by design.
/// </summary>
public static class DataProtectionSetup
{
    public const string CertificatePathKey = "DataProtection:CertificatePath";
    public const string CertificatePasswordKey = "DataProtection:CertificatePassword";

    public static IServiceCollection AddStreamlineDataProtection(this IServiceCollection services, IConfiguration config, IHostEnvironment env)
    {
        // AES-256-GCM instead of the default CBC + HMAC: one authenticated primitive, several times cheaper per
        // cookie read on Linux, where the default runs through the managed CBC/HMAC encryptor.
        var builder = services.AddDataProtection().SetApplicationName("Streamline").PersistKeysToDbContext<StreamlineDbContext>()
            .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
            {
                EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
                ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
            });

        if (config[CertificatePathKey] is { Length: > 0 } path)
            builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, config[CertificatePasswordKey]));
        else if (IsLaptop(env))
            // Unencrypted keys in a development or test database are the design, not a finding: the framework's
            // "No XML encryptor configured" warning would greet every new user's first screen. Its errors still show.
            services.AddLogging(logging => logging.AddFilter(typeof(XmlKeyManager).FullName, LogLevel.Error));
        return services;
    }

    /// <summary>The one warning for a server whose keys are stored unencrypted; null when there is nothing to say.</summary>
    public static string? Notice(IConfiguration config, IHostEnvironment env) =>
        IsLaptop(env) || config[CertificatePathKey] is { Length: > 0 }
            ? null
            : $"{CertificatePathKey} is not set: the Data Protection keys that protect sign-in cookies and stored credentials " +
              $"are kept unencrypted in the database. Set it to a .pfx certificate (and {CertificatePasswordKey}) to encrypt them.";

    private static bool IsLaptop(IHostEnvironment env) => env.IsDevelopment() || env.IsEnvironment("Testing");
}
