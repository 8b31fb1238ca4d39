using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ModelBinding.Binders;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// Binds <c>bool</c> and <c>bool?</c> as the framework does, but a value that is not a boolean (a checkbox posted as
/// <c>yes</c>) keeps only its model error: the checkbox tag helper converts the posted value again when the page is
/// shown with its validation messages, and would throw on it. Without the raw value it shows the model's own.
/// </summary>
public sealed class BooleanModelBinder(ILoggerFactory loggerFactory, Type type) : IModelBinder
{
    private readonly SimpleTypeModelBinder inner = new(type, loggerFactory);

    public async Task BindModelAsync(ModelBindingContext bindingContext)
    {
        await inner.BindModelAsync(bindingContext);
        if (bindingContext.Result.IsModelSet) return;
        if (bindingContext.ModelState.TryGetValue(bindingContext.ModelName, out var entry) && entry.Errors.Count > 0)
            entry.RawValue = null;
    }
}

public sealed class BooleanModelBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        var type = context.Metadata.ModelType;
        if (type != typeof(bool) && type != typeof(bool?)) return null;
        return new BooleanModelBinder(context.Services.GetRequiredService<ILoggerFactory>(), type);
    }
}
