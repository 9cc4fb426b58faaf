using Syncline.Client.Sync;

namespace Syncline.Client.Tests;

/// <summary>
/// The error bodies a server of the User Sync API sends (Syncline's, and the upstream service's forms
/// from UPSTREAM.md section 1.1) are read for their message, code and index, and never throw.
/// </summary>
public sealed class ErrorBodyTests
{
    private static Protocol.ErrorResponse? Read(string body, int status = 422) => ErrorBody.TryRead(System.Text.Encoding.UTF8.GetBytes(body), status);

    [Fact]
    public void Synclines_own_shape_gives_its_code_message_index_and_head()
    {
        var error = Read("""{"success":false,"type":"not_found","message":"Resource not found at mutation[2]","error":{"code":"NotFound","message":"Resource not found at mutation[2]","index":2,"lastMutationAt":17}}""", 404);

        Assert.Equal(("NotFound", "Resource not found at mutation[2]", 2, 17L), (error!.Error.Code, error.Message, error.Error.Index, error.Error.LastMutationAt));
    }

    [Fact]
    public void The_gateway_wrapped_form_gives_the_services_code_and_message_and_no_index()
    {
        var error = Read("""
            { "details": { "success": false,
                           "error": { "code": "ValidationError", "message": "\"bookmarkId\" is not allowed", "details": {} } },
              "message": "\"bookmarkId\" is not allowed", "type": "unprocessable_entity", "success": false, "requestId": "request-a" }
            """);

        Assert.Equal(("ValidationError", "\"bookmarkId\" is not allowed", (int?)null, "request-a"), (error!.Error.Code, error.Message, error.Error.Index, error.Error.RequestId));
    }

    [Fact]
    public void The_gateway_wrapped_409_without_a_head_is_read()
    {
        var error = Read("""{"message":"Invalid lastMutationAt","type":"Conflict","success":false,"details":{"success":false,"error":{"code":"OutOfSyncError","message":"Invalid lastMutationAt"}}}""", 409);

        Assert.Equal(("OutOfSyncError", "Invalid lastMutationAt", (long?)null), (error!.Error.Code, error.Message, error.Error.LastMutationAt));
    }

    [Fact]
    public void The_bare_service_form_without_top_level_message_or_type_is_read()
    {
        var error = Read("""{"success":false,"error":{"code":"VersionConflict","message":"Conflict"}}""", 409);

        Assert.Equal(("VersionConflict", "Conflict", "VersionConflict"), (error!.Error.Code, error.Message, error.Type));
    }

    [Fact]
    public void The_2025_form_with_only_message_and_type_is_read()
    {
        var error = Read("""{"message":"Too many requests","type":"rate_limit_exceeded","success":false}""", 429);

        Assert.Equal(("rate_limit_exceeded", "Too many requests"), (error!.Error.Code, error.Message));
    }

    [Fact]
    public void A_json_object_with_none_of_the_fields_names_the_status()
    {
        var error = Read("""{"error":"boom","index":"3"}""", 500);

        Assert.Equal(("Http500", "HTTP 500", (int?)null), (error!.Error.Code, error.Message, error.Error.Index));
    }

    [Theory]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{\"success\":false,")]
    public void A_body_that_is_not_a_json_object_is_not_read_as_an_answer(string body)
    {
        Assert.Null(Read(body, 502));
    }

    [Fact]
    public void An_unreadable_body_is_described_in_one_line_with_its_start()
    {
        var text = ErrorBody.Describe(System.Text.Encoding.UTF8.GetBytes("<html>\n<body>" + new string('x', 500) + "</body></html>"), 502);

        Assert.StartsWith("unreadable 502 response: <html> <body>xxx", text);
        Assert.DoesNotContain('\n', text);
        Assert.True(text.Length < 260, text);
    }
}
