using PlatformWatch.Api.Http;
using PlatformWatch.Application;

namespace PlatformWatch.Api.Pages;

/// <summary>
/// A file sent with a page's upload form (multipart), read whole and checked like the API's upload:
/// the type from the content, the size limit; the owner's id (<paramref name="OwnerField"/>) required.
/// </summary>
public sealed record DocumentForm(string OwnerField, string OwnerId, string Name, byte[] Content, DocumentCheck? Check) : IValidatedBody
{
    /// <summary>The form's file (none: refused as required), read up to one byte over the limit.</summary>
    public static async Task<DocumentForm> ReadAsync(IFormFile? file, string ownerField, string? ownerId, DocumentService documents, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (file is null || file.Length == 0)
        {
            return new DocumentForm(ownerField, ownerId ?? "", "", [], null);
        }

        using var memory = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0 && memory.Length <= documents.MaxBytes)
            {
                memory.Write(buffer, 0, read);
            }
        }

        var content = memory.ToArray();
        return new DocumentForm(ownerField, ownerId ?? "", file.FileName, content, documents.Inspect(file.FileName, content));
    }

    /// <inheritdoc />
    public void Validate(Dictionary<string, List<string>> errors)
    {
        Require.NotBlank(errors, OwnerField, OwnerId, 400);
        if (Check is null)
        {
            Require.Add(errors, "file", Ui.DisplayText.Get("document.error.file"));
        }
        else if (Check.Type is null)
        {
            Require.Add(errors, Check.Field == "content" ? "file" : Check.Field!, Check.Reason!);
        }
    }
}
