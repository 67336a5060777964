using Eavesdrop.Server.Ingest;

namespace Eavesdrop.Server.Tests.Ingest;

public sealed class CredentialRedactorTests
{
    [Fact]
    public void RedactedUrl_UrlWithCredentials_MasksUserInfo()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://admin:s3cret@cam.local:8554/office?audio=all"));

        Assert.Equal("rtsp://***@cam.local:8554/office?audio=all", redactor.RedactedUrl);
    }

    [Fact]
    public void RedactedUrl_UrlWithoutCredentials_IsUnchanged()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://brainbox:8554/office?audio=all"));

        Assert.Equal("rtsp://brainbox:8554/office?audio=all", redactor.RedactedUrl);
    }

    [Fact]
    public void Redact_FfmpegEchoOfTheUrl_MasksCredentials()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://user:wrongpw@127.0.0.1:18554/s"));

        var line = redactor.Redact("rtsp://user:wrongpw@127.0.0.1:18554/s: Server returned 401 Unauthorized (authorization failed)");

        Assert.Equal("rtsp://***@127.0.0.1:18554/s: Server returned 401 Unauthorized (authorization failed)", line);
    }

    [Fact]
    public void Redact_PasswordOutsideAUrl_IsMasked()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://user:hunter2@cam/x"));

        var text = redactor.Redact("auth with 'hunter2' failed");

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains(CredentialRedactor.Mask, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PercentEncodedPassword_MasksEncodedAndDecodedForms()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://user:p%40ss%3Aword@cam/x"));

        var text = redactor.Redact("echo p%40ss%3Aword and p@ss:word at rtsp://user:p%40ss%3Aword@cam/x");

        Assert.DoesNotContain("p%40ss", text, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", text, StringComparison.Ordinal);
        Assert.DoesNotContain("user:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_OtherStreamsUrlWithCredentials_IsMaskedToo()
    {
        var redactor = new CredentialRedactor(new Uri("rtsp://cam/x"));

        var text = redactor.Redact("see rtsp://bob:pw@other-cam:554/y");

        Assert.Equal("see rtsp://***@other-cam:554/y", text);
    }
}
