using System.ComponentModel.DataAnnotations;
using Streamline.Core.Onboarding;

namespace Streamline.Web.Pages.Onboarding;

public sealed class BusinessInput
{
    [Required(ErrorMessage = "Enter your business name.")]
    [StringLength(BusinessProfileLimits.Name, ErrorMessage = "Keep the business name under {1} characters.")]
    [Display(Name = "Business name")]
    public string BusinessName { get; set; } = "";

    [Required(ErrorMessage = "Enter the owner's name.")]
    [StringLength(BusinessProfileLimits.Name, ErrorMessage = "Keep the owner's name under {1} characters.")]
    [Display(Name = "Owner name")]
    public string OwnerName { get; set; } = "";

    [Required(ErrorMessage = "Say which industry you are in; pick a suggestion or type your own.")]
    [StringLength(BusinessProfileLimits.Industry, ErrorMessage = "Keep the industry under {1} characters.")]
    [Display(Name = "Industry")]
    public string Industry { get; set; } = "";

    [Required(ErrorMessage = "Describe what your business does in a sentence or two.")]
    [StringLength(BusinessProfileLimits.LongText, ErrorMessage = "Keep the description under {1} characters.")]
    [Display(Name = "What your business does")]
    public string Description { get; set; } = "";

    [StringLength(BusinessProfileLimits.Url, ErrorMessage = "Keep the web address under {1} characters.")]
    [Display(Name = "Website (optional)")]
    public string? Website { get; set; }

    [StringLength(BusinessProfileLimits.Phone, ErrorMessage = "Keep the phone number under {1} characters.")]
    [Display(Name = "Phone (optional)")]
    public string? Phone { get; set; }

    public BusinessDetails ToDetails() => new(BusinessName, OwnerName, Industry, Description, Website, Phone);
}

public sealed class GoalsInput
{
    [Required(ErrorMessage = "Tell us what you want the AI to achieve, for example more booked calls.")]
    [StringLength(BusinessProfileLimits.LongText, ErrorMessage = "Keep your goals under {1} characters.")]
    [Display(Name = "Business goals")]
    public string Goals { get; set; } = "";

    [Required(ErrorMessage = "Describe who your customers are.")]
    [StringLength(BusinessProfileLimits.LongText, ErrorMessage = "Keep the audience under {1} characters.")]
    [Display(Name = "Target audience")]
    public string TargetAudience { get; set; } = "";
}

/// <summary>Which way the owner leaves a step; the form's buttons send it as "go".</summary>
public enum WizardMove { Next, Back }
