using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace SendGateway.Server.EmailLabs;

/// <summary>Reads a request's form within <see cref="EmailLabsOptions"/>' bounds and parses it the PHP way; a failure is an EmailLabs error answer.</summary>
internal sealed class EmailLabsForms(IOptions<EmailLabsOptions> options)
{
    public async Task<(PhpForm? Form, IResult? Error)> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        RequestBodyLimit.Set(context, limits.MaxRequestBytes);

        if (context.Request.ContentLength > limits.MaxRequestBytes)
        {
            return (null, EmailLabsReply.Fail(context, StatusCodes.Status413PayloadTooLarge, $"Request too large: at most {limits.MaxRequestBytes} bytes."));
        }

        if (!context.Request.HasFormContentType)
        {
            return (null, EmailLabsReply.Fail(context, StatusCodes.Status415UnsupportedMediaType, "Send the fields form-encoded (application/x-www-form-urlencoded), as http_build_query writes them."));
        }

        context.Features.Set<IFormFeature>(new FormFeature(context.Request, new FormOptions
        {
            ValueCountLimit = limits.MaxFields,
            KeyLengthLimit = limits.MaxKeyLength,
            ValueLengthLimit = (int)Math.Min(int.MaxValue, limits.MaxRequestBytes),
            MultipartBodyLengthLimit = limits.MaxRequestBytes,
            MultipartHeadersLengthLimit = 16 * 1024,
        }));
        try
        {
            var form = await context.Request.ReadFormAsync(cancellationToken);
            if (form.Files.Count > 0)
            {
                return (null, EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, "Attach files as fields: files[i][name], files[i][mime], files[i][content] (base64), files[i][inline]."));
            }

            return (PhpForm.Parse(form), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, EmailLabsReply.Fail(context, StatusCodes.Status413PayloadTooLarge, $"Request too large: at most {limits.MaxRequestBytes} bytes."));
        }
        catch (InvalidDataException e)
        {
            return (null, EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, $"The form is over a limit: {e.Message}"));
        }
        catch (FormatException e)
        {
            return (null, EmailLabsReply.Fail(context, StatusCodes.Status400BadRequest, e.Message));
        }
    }
}
