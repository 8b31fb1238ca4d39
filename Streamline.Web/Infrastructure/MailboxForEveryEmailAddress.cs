using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using Streamline.Core.Email;

namespace Streamline.Web.Infrastructure;

/// <summary>
/// Gives every <c>[EmailAddress]</c> field our <see cref="MailboxAttribute"/> as well: the Identity UI pages we did
/// not write (changing one's e-mail among them) would otherwise take addresses the mailer cannot send to.
/// </summary>
public sealed class MailboxForEveryEmailAddress : IValidationMetadataProvider
{
    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        if (context.Attributes.OfType<EmailAddressAttribute>().Any() && !context.Attributes.OfType<MailboxAttribute>().Any())
            context.ValidationMetadata.ValidatorMetadata.Add(new MailboxAttribute());
    }
}
