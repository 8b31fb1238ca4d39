using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Streamline.Core.Conversations.Sales;

/// <summary>
/// The tools the model may call, as declarations only: the server runs them (<see cref="SalesToolRunner"/>),
/// validating every argument against this workspace's own data, so a model talked into nonsense can do none.
/// </summary>
public static class SalesTools
{
    public const string SaveContact = "save_contact_details";
    public const string Recommend = "recommend_product";
    public const string CreateProposal = "create_proposal";
    public const string HandOff = "hand_off";
    public const string LookUpOrder = "look_up_order";

    /// <summary>The fixed handoff reasons, as the model names them.</summary>
    public static readonly IReadOnlyDictionary<string, HandoffReason> Reasons = new Dictionary<string, HandoffReason>
    {
        ["visitor_asked"] = HandoffReason.VisitorAsked,
        ["complex_question"] = HandoffReason.ComplexQuestion,
        ["complaint"] = HandoffReason.Complaint,
        ["pricing_negotiation"] = HandoffReason.PricingNegotiation,
    };

    public static IList<AITool> All { get; } =
    [
        Declare(SaveContact, "Save contact details or needs the visitor has stated. Only include what they actually said.", """
            {"type":"object","properties":{
              "name":{"type":"string"},"email":{"type":"string"},"phone":{"type":"string"},"company":{"type":"string"},
              "team_size":{"type":"integer","minimum":1},"budget":{"type":"string"},
              "pain_points":{"type":"array","items":{"type":"string"}}},
             "additionalProperties":false}
            """),
        Declare(Recommend, "Recommend one of the listed products to the visitor. Returns its exact name, price and features.", """
            {"type":"object","properties":{"product_id":{"type":"string","description":"An id from the product list"}},
             "required":["product_id"],"additionalProperties":false}
            """),
        Declare(CreateProposal, "Create a written proposal for the visitor once their needs, name and e-mail are known. Prices come from the products; you cannot set them.", """
            {"type":"object","properties":{
              "product_ids":{"type":"array","items":{"type":"string"},"minItems":1},
              "needs":{"type":"string","description":"The visitor's needs in their words"},
              "scope":{"type":"string"},"timeline":{"type":"string"}},
             "required":["product_ids","needs"],"additionalProperties":false}
            """),
        Declare(LookUpOrder, "Look up the status, items and tracking of the visitor's order in the business's store. Needs the order number and the e-mail address or phone number the order was placed with, both as the visitor gave them.", """
            {"type":"object","properties":{
              "order_number":{"type":"string","description":"e.g. #1001"},
              "email_or_phone":{"type":"string","description":"The e-mail or phone the order was placed with"}},
             "required":["order_number","email_or_phone"],"additionalProperties":false}
            """),
        Declare(HandOff, "Ask a human from the team to take over the conversation.", """
            {"type":"object","properties":{"reason":{"type":"string","enum":["visitor_asked","complex_question","complaint","pricing_negotiation"]}},
             "required":["reason"],"additionalProperties":false}
            """),
    ];

    private static AITool Declare(string name, string description, string schema) =>
        AIFunctionFactory.CreateDeclaration(name, description, JsonDocument.Parse(schema).RootElement.Clone());
}
