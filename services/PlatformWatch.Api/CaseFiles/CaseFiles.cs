using Microsoft.Extensions.Options;
using PlatformWatch.Api.Ui;
using PlatformWatch.Application;

namespace PlatformWatch.Api.CaseFiles;

/// <summary>
/// The case file as the API and the case page serve it: the application layer's
/// <see cref="CaseFileService"/> reads it (access checked there), the keys who acted are named as
/// on the case page, and <see cref="CaseFilePdf"/> renders it.
/// </summary>
public sealed class CaseFiles(CaseFileService files, KeyService keys, IOptions<CaseFileOptions> fonts)
{
    /// <summary>Why no file can be made (a font is not installed), or null; checked before the case is read, so a failed file logs no read.</summary>
    public string? MissingFont() => FontFiles.Missing(fonts.Value);

    /// <summary>The PDF of a case as the actor may read it, or the refusal.</summary>
    public async Task<Outcome<byte[]>> PdfAsync(Actor actor, string caseId, string what, CancellationToken ct)
    {
        var read = await files.ReadAsync(actor, caseId, what, ct);
        if (read.Value is not { } file)
        {
            return Outcome<byte[]>.Refused(read.Kind, read.Reason);
        }

        var who = new ActorNames(await keys.NamesAsync(ActorNames.KeyIds(ActorNames.Actors(file.Read)), ct));
        return Outcome<byte[]>.Ok(CaseFilePdf.Render(file, who, fonts.Value));
    }
}
