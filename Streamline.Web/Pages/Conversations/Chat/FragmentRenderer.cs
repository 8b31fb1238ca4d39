using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// Renders a partial to a string, for the one place a partial cannot be the response itself: the final event of a
/// reply's stream, which carries the stored message's bubble so that the streamed text is replaced by the real thing.
/// </summary>
public sealed class FragmentRenderer(IRazorViewEngine views, ITempDataDictionaryFactory tempData, IModelMetadataProvider metadata)
{
    public async Task<string> RenderAsync(ActionContext context, string partialPath, object? model)
    {
        var view = views.GetView(executingFilePath: null, viewPath: partialPath, isMainPage: false).EnsureSuccessful(originalLocations: null).View!;
        await using var writer = new StringWriter();
        var data = new ViewDataDictionary(metadata, new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(context, view, data, tempData.GetTempData(context.HttpContext), writer, new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return writer.ToString();
    }
}
