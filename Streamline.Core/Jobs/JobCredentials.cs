using Microsoft.AspNetCore.DataProtection;

namespace Streamline.Core.Jobs;

/// <summary>
/// Resource credentials at rest: Data Protection ciphertext under the app's shared key ring (kept in the database,
/// so every instance can read it). The clear text leaves this class only for an admin's explicit reveal.
/// </summary>
public sealed class JobCredentials(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Streamline.Jobs.ResourceCredential.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
