using System.Net;
using System.Net.Http.Headers;
using System.Text;
using static Syncline.Testing.Servers.Mutations;

namespace Syncline.Server.Tests.Contract;

public abstract partial class SyncApiContractTests<TFixture>
{
    [Fact]
    public async Task Request_without_a_token_is_401_with_the_error_body()
    {
        using var http = Server.Http();

        using var response = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);
        var reply = await Syncline.Testing.Servers.SyncReply.ReadAsync(response, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("unauthorized", reply.Body!["type"]!.GetValue<string>());
        Assert.Equal("Unauthorized", reply.Error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_with_a_bad_signature_is_401()
    {
        var token = Server.Token(NewUserId());
        var tampered = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        using var http = Server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tampered);

        using var response = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_token_is_401_saying_so()
    {
        var token = Server.Token(NewUserId(), issuedAgo: TimeSpan.FromHours(2), lifetime: TimeSpan.FromHours(1));
        using var http = Server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);
        var reply = await Syncline.Testing.Servers.SyncReply.ReadAsync(response, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Token expired", reply.ErrorMessage);
    }

    [Fact]
    public async Task Token_in_x_auth_token_header_is_accepted()
    {
        using var http = Server.Http();
        http.DefaultRequestHeaders.Add("x-auth-token", Server.Token(NewUserId()));

        using var response = await http.GetAsync("/v1/sync?mutationsSince=0", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_without_sync_scope_is_403_on_both_endpoints()
    {
        using var api = NewUser("bookmark collection note");

        var pull = await api.PullAsync(0);
        var push = await api.PushAsync(0, Bookmark(1, 1));

        Assert.Equal(HttpStatusCode.Forbidden, pull.Status);
        Assert.Equal(HttpStatusCode.Forbidden, push.Status);
        Assert.Equal("Forbidden", push.Error["code"]!.GetValue<string>());
        Assert.Contains("sync", push.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_leaves_out_resources_the_token_cannot_read()
    {
        var userId = NewUserId();
        using var full = Server.Api(userId);
        var push = await full.PushAsync(0, Bookmark(1, 1), Collection("Mine"), Note("a note body", "1:1-1:2"));
        await full.PushAsync(push.Head, Link(push.Mutations[1]["resourceId"]!.GetValue<string>(), push.Mutations[0]["resourceId"]!.GetValue<string>()));
        using var notesOnly = Server.Api(userId, "sync note");
        using var bookmarksOnly = Server.Api(userId, "sync bookmark");

        var notes = await notesOnly.PullAsync(0);
        var asked = await notesOnly.PullAsync(0, "&resources=BOOKMARK,NOTE");
        var bookmarks = await bookmarksOnly.PullAsync(0);

        Assert.Equal(["NOTE"], notes.Mutations.Select(m => m["resource"]!.GetValue<string>()).Distinct());
        Assert.Equal(["NOTE"], asked.Mutations.Select(m => m["resource"]!.GetValue<string>()).Distinct());
        // A link needs both bookmark and collection scopes.
        Assert.Equal(["BOOKMARK"], bookmarks.Mutations.Select(m => m["resource"]!.GetValue<string>()).Distinct());
        Assert.Equal(await full.HeadAsync(), notes.Head);
    }

    [Fact]
    public async Task Push_touching_a_resource_without_its_scope_is_403_naming_the_scope_and_changes_nothing()
    {
        using var api = NewUser("sync bookmark");

        var reply = await api.PushAsync(0, Bookmark(1, 1), Note("a note body", "1:1-1:2"));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Contains("note", reply.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, await api.HeadAsync());
    }

    [Fact]
    public async Task Push_of_a_link_needs_both_bookmark_and_collection_scopes()
    {
        using var api = NewUser("sync collection");

        var reply = await api.PushAsync(0, Link("__default__", "aaaaaaaaaaaaaaaaaaaaaaaa"));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Contains("bookmark", reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_is_checked_before_resource_scopes()
    {
        using var api = NewUser("sync bookmark");

        var reply = await api.PushAsync(0, Bookmark(1, 1), Create("NOTE", new() { ["body"] = "short" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(1, reply.Error["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_user_cannot_read_update_or_delete_my_resources()
    {
        using var alice = NewUser();
        using var bob = NewUser();
        var push = await alice.PushAsync(0, Bookmark(1, 1), Collection("Alice's"), Note("alice's note", "1:1-1:2"));
        var ids = push.Mutations.Select(m => m["resourceId"]!.GetValue<string>()).ToList();
        var aliceBefore = await alice.PullAllAsync();
        var bobHead = await bob.HeadAsync();

        var bobPull = await bob.PullAsync(0);
        var updates = new[]
        {
            await bob.PushAsync(bobHead, Update("BOOKMARK", ids[0], new() { ["isReading"] = true })),
            await bob.PushAsync(bobHead, Update("COLLECTION", ids[1], new() { ["name"] = "Bob's now" })),
            await bob.PushAsync(bobHead, Update("NOTE", ids[2], new() { ["body"] = "bob was here" })),
            await bob.PushAsync(bobHead, Delete("BOOKMARK", ids[0])),
            await bob.PushAsync(bobHead, Delete("COLLECTION", ids[1])),
            await bob.PushAsync(bobHead, Delete("NOTE", ids[2])),
            await bob.PushAsync(bobHead, Link(ids[1], ids[0])),
        };

        Assert.Empty(bobPull.Mutations);
        Assert.All(updates, u => Assert.Equal(HttpStatusCode.NotFound, u.Status));
        Assert.All(updates, u => Assert.Equal("Resource not found at mutation[0]", u.ErrorMessage));
        Assert.Equal(
            aliceBefore.Select(e => e.ToJsonString()),
            (await alice.PullAllAsync()).Select(e => e.ToJsonString()));
    }

    [Fact]
    public async Task Token_command_prints_only_a_token_the_server_accepts()
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "Syncline.Server.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { serverDll, "token", "--user", "cli-user", "--scopes", "sync bookmark", $"--Syncline:DataDirectory={Server.DataDirectory}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        var token = stdout.TrimEnd('\n');

        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain('\n', token);
        Assert.Equal(3, token.Split('.').Length);
        using var http = Server.Http();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsync(
            "/v1/sync?lastMutationAt=0",
            new StringContent("""{"mutations":[{"type":"CREATE","resource":"BOOKMARK","data":{"key":1,"verseNumber":1}}]}""", Encoding.UTF8, "application/json"),
            Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
