using System.Text.RegularExpressions;
using Streamline.Core.Billing;

namespace Streamline.Core.Jobs;

/// <summary>The eight regions of the job page; each is shown and saved on its own.</summary>
public enum JobSection { Basic, Business, Project, Branding, Resources, Planning, Financial, Files }

public sealed record BasicInfo(string Title, JobPriority Priority, int? ProgressOverride, DateOnly? StartDate, DateOnly? DueDate);
public sealed record BusinessInfo(string? Company, string? Industry, IReadOnlyList<JobContact> Contacts);
public sealed record ProjectDetails(string? Goals, string? Requirements, string? TimelineNotes);
public sealed record BrandingInfo(IReadOnlyList<string> Colours, IReadOnlyList<string> Fonts, string? Guidelines, Guid? LogoFileId);
public sealed record PlanningInfo(IReadOnlyList<Milestone> Milestones);
public sealed record FinancialInfo(long EstimateCents, long QuotedPriceCents, long InvoicedCents, long PaidCents, IReadOnlyList<CostLine> CostLines);

public static partial class JobSections
{
    public static string Label(this JobSection section) => section switch
    {
        JobSection.Basic => "Basic info",
        JobSection.Business => "Business info",
        JobSection.Project => "Project details",
        JobSection.Branding => "Branding & design",
        JobSection.Resources => "Resources & links",
        JobSection.Planning => "Planning",
        JobSection.Financial => "Financial",
        _ => "Files & assets",
    };

    public static bool IsColour(string text) => Colour().IsMatch(text);

    /// <summary>A one-line summary for the activity log's before → after; empty parts are left out.</summary>
    public static string Describe(JobSection section, Job job) => section switch
    {
        JobSection.Basic => Summary(job.Title, $"{job.Priority} priority",
            job.ProgressOverride is { } p ? $"{p}% (set by hand)" : "progress from milestones",
            Labelled("start", job.StartDate?.ToString("yyyy-MM-dd")), Labelled("due", job.DueDate?.ToString("yyyy-MM-dd"))),
        JobSection.Business => Summary(job.Company, job.Industry,
            Labelled("contacts", string.Join("; ", job.Contacts.Select(c => Summary(c.Name, c.Role, c.Email, c.Phone))))),
        JobSection.Project => Summary(Labelled("goals", job.Goals), Labelled("requirements", job.Requirements), Labelled("timeline", job.TimelineNotes)),
        JobSection.Branding => Summary(Labelled("colours", string.Join(" ", job.BrandColours)), Labelled("fonts", string.Join(", ", job.Fonts)),
            job.LogoFileId is null ? null : "logo set", job.BrandGuidelines),
        JobSection.Resources => string.Join("; ", job.Resources.Select(r => $"{r.Kind}: {r.Label}")),
        JobSection.Planning => string.Join("; ", job.Milestones.Select(m => Summary(m.Title, m.Done ? "done" : null, Labelled("owner", m.Owner),
            Labelled("due", m.DueDate?.ToString("yyyy-MM-dd")), Labelled("deliverables", string.Join(", ", m.Deliverables))))),
        JobSection.Financial => Summary($"estimate {MoneyAmount.Format(job.EstimateCents)}", $"quoted {MoneyAmount.Format(job.QuotedPriceCents)}",
            $"invoiced {MoneyAmount.Format(job.InvoicedCents)}", $"paid {MoneyAmount.Format(job.PaidCents)}",
            Labelled("lines", string.Join(", ", job.CostLines.Select(l => $"{l.Description} {MoneyAmount.Format(l.AmountCents)}")))),
        _ => "",
    };

    private static string Summary(params string?[] parts) => string.Join(" · ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string? Labelled(string label, string? value) => string.IsNullOrWhiteSpace(value) ? null : $"{label}: {value}";

    internal static JobResult? Apply(Job job, BasicInfo info)
    {
        if (string.IsNullOrWhiteSpace(info.Title)) return JobResult.Invalid("Give the job a title.", "Title");
        if (info.ProgressOverride is < 0 or > 100) return JobResult.Invalid("Progress is a percentage from 0 to 100.", "Progress");
        if (info.StartDate > info.DueDate) return JobResult.Invalid("The due date cannot be before the start date.", "DueDate");
        job.Title = info.Title.Trim();
        job.Priority = info.Priority;
        job.ProgressOverride = info.ProgressOverride;
        job.StartDate = info.StartDate;
        job.DueDate = info.DueDate;
        return null;
    }

    internal static JobResult? Apply(Job job, BusinessInfo info)
    {
        if (info.Contacts.Count > JobLimits.ListItems) return JobResult.Invalid($"At most {JobLimits.ListItems} contacts.", "Contacts");
        job.Company = Trimmed(info.Company);
        job.Industry = Trimmed(info.Industry);
        job.Contacts = [.. info.Contacts];
        return null;
    }

    internal static JobResult? Apply(Job job, ProjectDetails info)
    {
        job.Goals = Trimmed(info.Goals);
        job.Requirements = Trimmed(info.Requirements);
        job.TimelineNotes = Trimmed(info.TimelineNotes);
        return null;
    }

    internal static JobResult? Apply(Job job, BrandingInfo info)
    {
        if (info.Colours.FirstOrDefault(c => !IsColour(c)) is { } bad)
            return JobResult.Invalid($"\"{bad}\" is not a colour: write each as #rrggbb.", "Colours");
        if (info.Colours.Count > JobLimits.ListItems || info.Fonts.Count > JobLimits.ListItems)
            return JobResult.Invalid($"At most {JobLimits.ListItems} colours and {JobLimits.ListItems} fonts.", "Colours");
        job.BrandColours = [.. info.Colours.Select(c => c.ToLowerInvariant()).Distinct()];
        job.Fonts = [.. info.Fonts];
        job.BrandGuidelines = Trimmed(info.Guidelines);
        job.LogoFileId = info.LogoFileId;
        return null;
    }

    internal static JobResult? Apply(Job job, PlanningInfo info)
    {
        if (info.Milestones.Count > JobLimits.Milestones) return JobResult.Invalid($"At most {JobLimits.Milestones} milestones.", "Milestones");
        if (info.Milestones.Any(m => string.IsNullOrWhiteSpace(m.Title))) return JobResult.Invalid("Every milestone needs a title.", "Milestones");
        job.Milestones = [.. info.Milestones];
        return null;
    }

    internal static JobResult? Apply(Job job, FinancialInfo info)
    {
        if (info.EstimateCents < 0 || info.QuotedPriceCents < 0 || info.InvoicedCents < 0 || info.PaidCents < 0)
            return JobResult.Invalid("Amounts cannot be negative.", "Financial");
        // Money is paid against invoices: more paid than invoiced is a slip (a missing invoice or a mistyped figure),
        // and would read as a negative amount outstanding.
        if (info.PaidCents > info.InvoicedCents)
            return JobResult.Invalid($"Paid cannot be more than invoiced ({MoneyAmount.Format(info.InvoicedCents)}). Record the invoice first.", "Paid");
        if (info.CostLines.Count > JobLimits.ListItems) return JobResult.Invalid($"At most {JobLimits.ListItems} cost lines.", "CostLines");
        job.EstimateCents = info.EstimateCents;
        job.QuotedPriceCents = info.QuotedPriceCents;
        job.InvoicedCents = info.InvoicedCents;
        job.PaidCents = info.PaidCents;
        job.CostLines = [.. info.CostLines];
        return null;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex Colour();
}
