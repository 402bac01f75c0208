using System.IO.Compression;
using System.Text;
using PlatformWatch.Application;

namespace PlatformWatch.Tests;

/// <summary>The type of a document is its content's, from an allow-list, and agrees with its name.</summary>
public class DocumentTypeTests
{
    private static byte[] Zip(params (string Path, string Text)[] entries)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in entries)
            {
                using var stream = archive.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return zip.ToArray();
    }

    private static byte[] Office(string mainPart, params (string Path, string Text)[] more) =>
        Zip([("[Content_Types].xml", $"""<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/main.xml" ContentType="{mainPart}"/></Types>"""), .. more]);

    [TestCase("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", "a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [TestCase("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", "a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [TestCase("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "a.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")]
    public void An_office_document_is_known_by_the_main_part_its_content_types_declare(string part, string name, string expected)
    {
        var (type, refusal) = DocumentTypes.Detect(Office(part), name);
        Assert.That(type?.MediaType, Is.EqualTo(expected), refusal);
    }

    [Test]
    public void An_office_document_with_macros_or_a_zip_without_a_main_part_is_refused()
    {
        var macros = DocumentTypes.Detect(Office("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", ("word/vbaProject.bin", "x")), "a.docx");
        var plain = DocumentTypes.Detect(Zip(("readme.txt", "hello")), "a.docx");
        var broken = DocumentTypes.Detect([.. "PK\u0003\u0004"u8, 1, 2, 3], "a.docx");
        Assert.Multiple(() =>
        {
            Assert.That(macros.Refusal, Does.Contain("macros"));
            Assert.That(plain.Refusal, Does.Contain("not an OOXML office document"));
            Assert.That(broken.Refusal, Does.Contain("damaged zip"));
        });
    }

    [TestCase("a,b\n1,2\n3,4\n", "t.csv", "text/csv; charset=utf-8")]
    [TestCase("name,\"a, quoted\"\nx,y\n", "t.csv", "text/csv; charset=utf-8")]
    [TestCase("Just words, and a comma.\n", "t.txt", "text/plain; charset=utf-8")]
    [TestCase("a,b\n1,2,3\n", "t.txt", "text/plain; charset=utf-8")]
    [TestCase("Grüße, 市场\n", "notes", "text/plain; charset=utf-8")]
    public void Text_is_csv_when_its_lines_have_the_same_fields(string text, string name, string expected) =>
        Assert.That(DocumentTypes.Detect(Encoding.UTF8.GetBytes(text), name).Type?.MediaType, Is.EqualTo(expected));

    [TestCase(new byte[] { }, "empty")]
    [TestCase(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1 }, "ELF executable")]
    [TestCase(new byte[] { 0xCF, 0xFA, 0xED, 0xFE, 7, 0 }, "Mach-O")]
    [TestCase(new byte[] { 0x41, 0x00, 0x42, 0x43 }, "control characters")]
    [TestCase(new byte[] { 0xC3, 0x28, 0x41 }, "not allowed")]
    [TestCase(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x00 }, "not allowed")]
    public void Anything_else_is_refused_saying_what_it_is(byte[] content, string reason) =>
        Assert.That(DocumentTypes.Detect(content, "file.pdf").Refusal, Does.Contain(reason));

    [Test]
    public void A_jpeg_goes_by_jpg_or_jpeg_and_a_name_without_an_ending_takes_none()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        Assert.Multiple(() =>
        {
            Assert.That(DocumentTypes.Detect(jpeg, "photo.JPG").Type, Is.EqualTo(DocumentTypes.Jpeg));
            Assert.That(DocumentTypes.Detect(jpeg, "photo.jpeg").Type, Is.EqualTo(DocumentTypes.Jpeg));
            Assert.That(DocumentTypes.Detect(jpeg, "photo").Type, Is.EqualTo(DocumentTypes.Jpeg));
            Assert.That(DocumentTypes.Detect(jpeg, "photo.png").Refusal, Does.Contain("the content is a JPEG image, but the name says '.png'"));
        });
    }

    [TestCase("../../etc/passwd.txt", "passwd.txt")]
    [TestCase("C:\\Users\\me\\Brief an \"Sie\".pdf", "Brief_an__Sie_.pdf")]
    [TestCase("..pdf", "pdf.pdf")]
    [TestCase("....", "document.pdf")]
    [TestCase("reply", "reply.pdf")]
    [TestCase("a\r\nContent-Type: text/html.pdf", "html.pdf")]
    [TestCase("a\r\nX-Header: 1.pdf", "a__X-Header__1.pdf")]
    public void A_name_is_made_safe_to_send_back(string name, string expected) =>
        Assert.That(DocumentService.SafeName(name, DocumentTypes.Pdf), Is.EqualTo(expected));
}
