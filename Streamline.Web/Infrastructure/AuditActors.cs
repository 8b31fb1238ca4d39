using System.Security.Claims;
using Streamline.Core.Audit;

namespace Streamline.Web.Infrastructure;

public static class AuditActors
{
    /// <summary>The signed-in user as the audit log names them: their id and e-mail.</summary>
    public static AuditActor AuditActor(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? new AuditActor(id, user.FindFirstValue(ClaimTypes.Email) ?? user.Identity?.Name ?? id.ToString())
            : Streamline.Core.Audit.AuditActor.Anonymous;
}
