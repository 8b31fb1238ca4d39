using Streamline.Core.Audit;
using Streamline.Core.Conversations;

namespace Streamline.Web.Pages.Admin.Models;

internal static class ModelAudit
{
    /// <summary>What a model change's audit entry says, with the prices it left; nothing when it was refused.</summary>
    public static Func<ModelEdit, AuditNote?> Note(string done) => edit => edit is { Succeeded: true, Model: { } m }
        ? new AuditNote(null, $"model:{m.Id}",
            $"{done} model {m.Name}: {m.InputMicrodollarsPer1K} / {m.OutputMicrodollarsPer1K} microdollars per 1K input / output tokens, {m.Tier}, {(m.Active ? "active" : "inactive")}")
        : null;
}
