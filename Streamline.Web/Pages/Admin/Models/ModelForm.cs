using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Streamline.Core.Conversations;
using Streamline.Core.Credits;

namespace Streamline.Web.Pages.Admin.Models;

/// <summary>A catalog row as the form shows it: prices in dollars per million tokens, the way providers list them.</summary>
public sealed class ModelForm
{
    [Required(ErrorMessage = "Enter the model's name as the provider spells it.")]
    [StringLength(ConversationLimits.ModelName, ErrorMessage = "At most 100 characters.")]
    public string Name { get; set; } = "";

    public ModelTier Tier { get; set; } = ModelTier.Balanced;

    [Required(ErrorMessage = "Enter the input price.")]
    [Display(Name = "Input price ($ per 1M tokens)")]
    public string InputPrice { get; set; } = "";

    [Required(ErrorMessage = "Enter the output price.")]
    [Display(Name = "Output price ($ per 1M tokens)")]
    public string OutputPrice { get; set; } = "";

    [Display(Name = "Active (\"auto\" may pick it)")]
    public bool Active { get; set; } = true;

    public static ModelForm From(AiModel model) => new()
    {
        Name = model.Name, Tier = model.Tier, Active = model.Active,
        InputPrice = ModelPrice.PerMillion(model.InputMicrodollarsPer1K), OutputPrice = ModelPrice.PerMillion(model.OutputMicrodollarsPer1K),
    };

    /// <summary>The catalog input, or null with the errors added to <paramref name="errors"/>.</summary>
    public ModelInput? ToInput(ModelStateDictionary errors)
    {
        var input = Price(errors, nameof(InputPrice), InputPrice);
        var output = Price(errors, nameof(OutputPrice), OutputPrice);
        return input is null || output is null ? null : new ModelInput(Name, input.Value, output.Value, Tier, Active);
    }

    private static long? Price(ModelStateDictionary errors, string field, string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null; // [Required] has said so
        if (ModelPrice.TryParsePerMillion(text, out var microdollars)) return microdollars;
        errors.AddModelError($"Input.{field}", "Enter dollars per million tokens with at most three decimals, e.g. 0.15 or 2.5.");
        return null;
    }
}

/// <summary>
/// What a typical reply costs on a model, worked through: 1,000 tokens read and 500 written, at the provider's price,
/// plus the margin, rounded up to a whole millicredit by <see cref="PricedModel.CostMillicredits"/>.
/// </summary>
public sealed record ModelCostExample(AiModel Model)
{
    public const int InputTokens = 1_000;
    public const int OutputTokens = 500;

    public long Millicredits => new PricedModel(Model.Name, Model.InputMicrodollarsPer1K, Model.OutputMicrodollarsPer1K, Model.Tier)
        .CostMillicredits(InputTokens, OutputTokens);

    public string Credits => CreditAmount.Credits(Millicredits);

    /// <summary>The provider's price for those tokens in dollars, exactly (decimal, not floating point).</summary>
    public string ProviderDollars => Dollars((decimal)InputTokens * Model.InputMicrodollarsPer1K + (decimal)OutputTokens * Model.OutputMicrodollarsPer1K);

    public string WithMarginDollars => Dollars(((decimal)InputTokens * Model.InputMicrodollarsPer1K + (decimal)OutputTokens * Model.OutputMicrodollarsPer1K)
                                               * (100 + ModelCatalog.MarginPercent) / 100);

    /// <summary>Tokens × µ$ per 1K is in billionths of a dollar.</summary>
    private static string Dollars(decimal nanodollars) => "$" + (nanodollars / 1_000_000_000m).ToString("0.00########", CultureInfo.InvariantCulture);
}
