using Syncline.Testing.Postgres;

namespace Syncline.Simulation.Tests.Corpus;

/// <summary>
/// The bad-input corpus against a real server on a seeded store: every case gets its documented
/// 4xx and error body, never a 5xx, and the store is exactly as it was after each case (the
/// attacker's records, and the victim's). One test per category; a failure lists every failing case.
/// </summary>
public abstract class BadInputCorpusTests<TStore>(TStore store) : IClassFixture<TStore>
    where TStore : CorpusStore
{
    private IReadOnlyList<CorpusCase>? _cases;

    private IReadOnlyList<CorpusCase> Cases => _cases ??= BadInputCorpus.Build(store.Context);

    [Fact]
    public Task Broken_oversized_and_misshapen_bodies_get_400_413_or_422_and_change_nothing() => RunAsync(CorpusCategory.RequestBody);

    [Fact]
    public Task Other_content_types_and_encodings_get_the_answer_of_their_body_and_change_nothing() => RunAsync(CorpusCategory.ContentType);

    [Fact]
    public Task A_bad_lastMutationAt_or_Idempotency_Key_gets_400_or_422_and_changes_nothing() => RunAsync(CorpusCategory.PushQuery);

    [Fact]
    public Task Items_without_the_documented_shape_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.ItemShape);

    [Fact]
    public Task Bad_bookmark_fields_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.BookmarkFields);

    [Fact]
    public Task Bad_collection_fields_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.CollectionFields);

    [Fact]
    public Task Bad_note_fields_ranges_and_ayah_numbers_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.NoteFields);

    [Fact]
    public Task Bad_link_fields_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.LinkFields);

    [Fact]
    public Task Bad_reading_session_fields_and_places_that_are_no_ayah_get_422_at_their_index_and_change_nothing() => RunAsync(CorpusCategory.ReadingSessionFields);

    [Fact]
    public Task Other_users_missing_and_deleted_targets_get_404_and_change_nobodys_data() => RunAsync(CorpusCategory.Targets);

    [Fact]
    public Task Valid_batches_at_a_stale_head_get_409_with_the_head_and_change_nothing() => RunAsync(CorpusCategory.StaleHead);

    [Fact]
    public Task A_used_Idempotency_Key_with_another_body_gets_422_and_changes_nothing() => RunAsync(CorpusCategory.Idempotency);

    [Fact]
    public Task Missing_malformed_expired_and_foreign_tokens_get_401_and_change_nothing() => RunAsync(CorpusCategory.Tokens);

    [Fact]
    public Task Tokens_without_a_needed_scope_get_403_naming_it_and_change_nothing() => RunAsync(CorpusCategory.Scopes);

    [Fact]
    public Task Bad_pull_queries_get_400_or_422() => RunAsync(CorpusCategory.PullQuery);

    private async Task RunAsync(CorpusCategory category)
    {
        var cases = Cases.Where(c => c.Category == category).ToList();
        Assert.NotEmpty(cases);
        var failures = await new CorpusRunner(store).RunAsync(cases, TestContext.Current.CancellationToken);
        Assert.True(failures.Count == 0, CorpusRunner.Report(category, cases.Count, failures));
    }
}

public sealed class SqliteBadInputCorpusTests(SqliteCorpusStore store) : BadInputCorpusTests<SqliteCorpusStore>(store);

public sealed class PostgresBadInputCorpusTests : BadInputCorpusTests<PostgresCorpusStore>
{
    /// <summary>The corpus's own skip message (the other PostgreSQL tests say <see cref="TestPostgres.HowTo"/>).</summary>
    private const string PostgresHowTo = $"The PostgreSQL bad-input corpus needs {TestPostgres.Variable}; .ci/run starts a server and sets it (`source .ci/postgres.sh` as root does it locally).";

    public PostgresBadInputCorpusTests(PostgresCorpusStore store)
        : base(store) => TestPostgres.RequireOrSkip(PostgresHowTo);
}
