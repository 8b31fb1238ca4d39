using Microsoft.AspNetCore.Identity;

namespace Streamline.Core.Accounts;

public class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>The workspace the user last switched to; verified against membership on every request.</summary>
    public Guid? CurrentWorkspaceId { get; set; }

    public DateTime CreatedAt { get; set; }
}

public class AppRole : IdentityRole<Guid>
{
    public AppRole() { }
    public AppRole(string name) : base(name) { }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string SuperAdmin = "SuperAdmin";

    /// <summary>Both roles see the back office; SuperAdmin also edits platform settings.</summary>
    public const string AnyAdmin = Admin + "," + SuperAdmin;
}
