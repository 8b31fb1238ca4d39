using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Streamline.Core.Billing;
using Streamline.Core.Formatting;
using Streamline.Core.Jobs;
using Streamline.Web.Pages.Jobs;

namespace Streamline.Web.Pages.Admin.Jobs;

/// <summary>An edit form in place of a section: the job as loaded, the input (as loaded or as typed) and a refusal.</summary>
public sealed record SectionForm<TInput>(JobView View, TInput Input, string? Error = null);

/// <summary>Every section form carries the version it was loaded at; a save from an older version is refused.</summary>
public abstract class SectionInput
{
    public int Version { get; set; }

    /// <summary>One item per line, blank lines dropped.</summary>
    protected static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    protected static string? Money(ModelStateDictionary errors, string field, string? text, out long cents)
    {
        cents = 0;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (MoneyAmount.TryParseDollars(text, out cents) && cents >= 0) return null;
        errors.AddModelError($"Input.{field}", "Enter an amount in dollars, like 1200 or 1200.50.");
        return field;
    }
}

public sealed class BasicInput : SectionInput
{
    [Required(ErrorMessage = "Give the job a title.")]
    [StringLength(JobLimits.Title, ErrorMessage = "At most 150 characters.")]
    public string? Title { get; set; }
    public JobPriority Priority { get; set; }

    [Range(0, 100, ErrorMessage = "A percentage from 0 to 100, or empty to follow the milestones.")]
    [Display(Name = "Progress % (empty: from milestones)")]
    public int? Progress { get; set; }

    [Display(Name = "Start date")] public DateOnly? StartDate { get; set; }
    [Display(Name = "Due date")] public DateOnly? DueDate { get; set; }

    public static BasicInput From(Job job) => new()
    {
        Version = job.Version, Title = job.Title, Priority = job.Priority, Progress = job.ProgressOverride,
        StartDate = job.StartDate, DueDate = job.DueDate,
    };

    public BasicInfo ToInfo() => new(Title ?? "", Priority, Progress, StartDate, DueDate);
}

public sealed class BusinessInput : SectionInput
{
    [StringLength(JobLimits.Name, ErrorMessage = "At most 100 characters.")] public string? Company { get; set; }
    [StringLength(JobLimits.Name, ErrorMessage = "At most 100 characters.")] public string? Industry { get; set; }

    /// <summary>"Name | role | e-mail | phone", one contact per line.</summary>
    [Display(Name = "Contacts (one per line: name | role | e-mail | phone)")]
    public string? Contacts { get; set; }

    public static BusinessInput From(Job job) => new()
    {
        Version = job.Version, Company = job.Company, Industry = job.Industry,
        Contacts = string.Join('\n', job.Contacts.Select(c => string.Join(" | ", new[] { c.Name, c.Role, c.Email, c.Phone }.Select(p => p ?? "")).TrimEnd(' ', '|'))),
    };

    public BusinessInfo? ToInfo(ModelStateDictionary errors)
    {
        var contacts = new List<JobContact>();
        foreach (var (line, number) in Lines(Contacts).Select((l, i) => (l, i + 1)))
        {
            var parts = line.Split('|').Select(p => p.Trim()).Select(p => p.Length == 0 ? null : p).ToArray();
            if (parts[0] is null || parts.Length > 4 || parts.Any(p => p?.Length > JobLimits.Name)
                || (parts.ElementAtOrDefault(2) is { } email && !Streamline.Core.Email.Mailboxes.IsDeliverable(email)))
            {
                errors.AddModelError("Input.Contacts", $"Line {number}: write name | role | e-mail | phone (only the name is needed).");
                return null;
            }
            contacts.Add(new JobContact { Name = parts[0]!, Role = parts.ElementAtOrDefault(1), Email = parts.ElementAtOrDefault(2), Phone = parts.ElementAtOrDefault(3) });
        }
        return new BusinessInfo(Company, Industry, contacts);
    }
}

public sealed class ProjectInput : SectionInput
{
    [StringLength(JobLimits.LongText, ErrorMessage = "At most 4000 characters.")] public string? Goals { get; set; }
    [StringLength(JobLimits.Requirements, ErrorMessage = "At most 16000 characters.")] public string? Requirements { get; set; }
    [StringLength(JobLimits.LongText, ErrorMessage = "At most 4000 characters.")]
    [Display(Name = "Timeline notes")] public string? TimelineNotes { get; set; }

    public static ProjectInput From(Job job) => new()
    {
        Version = job.Version, Goals = job.Goals, Requirements = job.Requirements, TimelineNotes = job.TimelineNotes,
    };

    public ProjectDetails ToInfo() => new(Goals, Requirements, TimelineNotes);
}

public sealed class BrandingInput : SectionInput
{
    [Display(Name = "Colours (#rrggbb, separated by spaces or commas)")] public string? Colours { get; set; }
    [Display(Name = "Fonts (one per line)")] public string? Fonts { get; set; }
    [StringLength(JobLimits.LongText, ErrorMessage = "At most 4000 characters.")] public string? Guidelines { get; set; }
    [Display(Name = "Logo")] public Guid? LogoFileId { get; set; }

    public static BrandingInput From(Job job) => new()
    {
        Version = job.Version, Colours = string.Join(' ', job.BrandColours), Fonts = string.Join('\n', job.Fonts),
        Guidelines = job.BrandGuidelines, LogoFileId = job.LogoFileId,
    };

    public BrandingInfo ToInfo() => new(
        [.. (Colours ?? "").Split([' ', ',', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)],
        [.. Lines(Fonts).Select(f => f.Length > JobLimits.Name ? f[..JobLimits.Name] : f)], Guidelines, LogoFileId);
}

public sealed class MilestoneInput
{
    [StringLength(JobLimits.Name, ErrorMessage = "At most 100 characters.")] public string? Title { get; set; }
    [StringLength(JobLimits.Name, ErrorMessage = "At most 100 characters.")] public string? Owner { get; set; }
    public DateOnly? DueDate { get; set; }
    public bool Done { get; set; }
    public string? Deliverables { get; set; }
}

public sealed class PlanningInput : SectionInput
{
    /// <summary>The milestones plus one blank row for a new one; rows left without a title are dropped.</summary>
    public List<MilestoneInput> Milestones { get; set; } = [];

    public static PlanningInput From(Job job) => new()
    {
        Version = job.Version,
        Milestones = [.. job.Milestones.Select(m => new MilestoneInput
        {
            Title = m.Title, Owner = m.Owner, DueDate = m.DueDate, Done = m.Done, Deliverables = string.Join('\n', m.Deliverables),
        }), new MilestoneInput()],
    };

    /// <summary>Shown above a plan drafted by Plan with AI; never bound from a form.</summary>
    public string? DraftNotice { get; private set; }

    /// <summary>The current milestones followed by the drafted ones, for the admin to review before anything is saved.</summary>
    public static PlanningInput Drafted(Job job, PlanDraft draft)
    {
        var input = From(job);
        input.Milestones.InsertRange(input.Milestones.Count - 1, draft.Milestones.Select(m => new MilestoneInput
        {
            Title = m.Title, DueDate = m.DueDate, Deliverables = string.Join('\n', m.Deliverables),
        }));
        var by = draft.Model is { } model ? $"Drafted by {model}" : "Drafted from the requirements by the built-in planner";
        var after = job.Milestones.Count > 0 ? $", after the {Plural.Of(job.Milestones.Count, "milestone")} you already had" : "";
        input.DraftNotice = $"{by}{after}. Review and change anything, then Save: nothing is saved until you do.";
        return input;
    }

    public PlanningInfo ToInfo() => new([.. Milestones.Where(m => !string.IsNullOrWhiteSpace(m.Title)).Select(m => new Milestone
    {
        Title = m.Title!.Trim(), Owner = string.IsNullOrWhiteSpace(m.Owner) ? null : m.Owner.Trim(), DueDate = m.DueDate, Done = m.Done,
        Deliverables = [.. Lines(m.Deliverables).Take(JobLimits.ListItems).Select(d => d.Length > JobLimits.Name ? d[..JobLimits.Name] : d)],
    })]);
}

public sealed class FinancialInput : SectionInput
{
    [Display(Name = "Estimate ($)")] public string? Estimate { get; set; }
    [Display(Name = "Quoted price ($)")] public string? Quoted { get; set; }
    [Display(Name = "Invoiced ($)")] public string? Invoiced { get; set; }
    [Display(Name = "Paid ($)")] public string? Paid { get; set; }

    /// <summary>"Description | 1200.00", one line per item.</summary>
    [Display(Name = "Cost lines (one per line: description | amount)")] public string? CostLines { get; set; }

    public static FinancialInput From(Job job) => new()
    {
        Version = job.Version, Estimate = Dollars(job.EstimateCents), Quoted = Dollars(job.QuotedPriceCents),
        Invoiced = Dollars(job.InvoicedCents), Paid = Dollars(job.PaidCents),
        CostLines = string.Join('\n', job.CostLines.Select(l => $"{l.Description} | {Dollars(l.AmountCents)}")),
    };

    public FinancialInfo? ToInfo(ModelStateDictionary errors)
    {
        var bad = new[]
        {
            Money(errors, nameof(Estimate), Estimate, out var estimate), Money(errors, nameof(Quoted), Quoted, out var quoted),
            Money(errors, nameof(Invoiced), Invoiced, out var invoiced), Money(errors, nameof(Paid), Paid, out var paid),
        };
        var lines = new List<CostLine>();
        foreach (var (line, number) in Lines(CostLines).Select((l, i) => (l, i + 1)))
        {
            var cut = line.LastIndexOf('|');
            if (cut <= 0 || line[..cut].Trim() is not { Length: > 0 and <= JobLimits.Name } description
                || !MoneyAmount.TryParseDollars(line[(cut + 1)..], out var cents))
            {
                errors.AddModelError("Input.CostLines", $"Line {number}: write description | amount, like \"Design | 1200\".");
                return null;
            }
            lines.Add(new CostLine { Description = description, AmountCents = cents });
        }
        return bad.Any(b => b is not null) ? null : new FinancialInfo(estimate, quoted, invoiced, paid, lines);
    }

    private static string Dollars(long cents) => MoneyAmount.Format(cents).Replace("$", "").Replace(",", "");
}

public sealed class ResourceInput : SectionInput
{
    public ResourceKind Kind { get; set; }

    [Required(ErrorMessage = "Give the link a label.")]
    [StringLength(JobLimits.Name, ErrorMessage = "At most 100 characters.")]
    public string? Label { get; set; }

    [Required(ErrorMessage = "Enter the address.")]
    [StringLength(JobLimits.Url, ErrorMessage = "At most 500 characters.")]
    [Display(Name = "URL")]
    public string? Url { get; set; }

    [StringLength(JobLimits.Credential, ErrorMessage = "At most 500 characters.")]
    [Display(Name = "Credential (optional, stored encrypted)")]
    public string? Credential { get; set; }
}
