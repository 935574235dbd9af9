using CareChain.Cli.Tests.Infrastructure;
using CareChain.Ledger.Checkpoints;
using CareChain.Testing;

namespace CareChain.Cli.Tests.Commands.Ledger;

/// <summary><c>carechain ledger verify --db</c> against real SQLite ledger files, intact and tampered.</summary>
[Trait("Category", "Cli")]
public sealed class LedgerVerifyDatabaseTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _folder = new("carechain-cli");
    private readonly TestLedger _ledger = TestLedger.Create(shards: 4, rounds: 3, perRound: 4, trailing: 2);
    private string _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = _folder.Combine("ledger.db");
        await LedgerDatabase.WriteAsync(_database, _ledger);
    }

    public ValueTask DisposeAsync()
    {
        _ledger.Dispose();
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Intact_ledger_file_exits_zero_with_one_summary_line()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        Assert.Equal(0, run.ExitCode);
        var summary = Assert.Single(run.OutLines);
        Assert.Equal(
            $"ledger intact: {_ledger.EntryCount} entries in 4 shards, checkpoint 2 (key {_ledger.PublicKey.KeyId[..8]}…, stored in the ledger file, not pinned), 2 entries after the checkpoint",
            summary);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task Pinned_key_that_signed_the_ledger_is_reported_as_pinned()
    {
        var keyFile = await WriteKeyAsync(_ledger.PublicKey);

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database, "--key", keyFile);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"(key {_ledger.PublicKey.KeyId[..8]}…, pinned)", Assert.Single(run.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_reports_first_broken_entry_and_exits_one_when_a_body_byte_changes()
    {
        var body = await LedgerDatabase.ReadBlobAsync(_database, "SELECT body FROM ledger_entries WHERE shard = 2 AND seq = 3");
        var index = body.AsSpan().IndexOf("synthetic"u8);
        body[index] = (byte)'S';
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_entries SET body = $body WHERE shard = 2 AND seq = 3", ("$body", body));

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN at shard 2, sequence 3: ");
        Assert.Contains("hash", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleted_row_is_reported_as_a_missing_entry()
    {
        await LedgerDatabase.TamperAsync(_database, "DELETE FROM ledger_entries WHERE shard = 1 AND seq = 4");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN at shard 1, sequence 4: ");
    }

    [Fact]
    public async Task Swapped_rows_are_reported_at_the_first_swapped_sequence()
    {
        // Swap bodies and hashes between sequences 2 and 3, keeping the sequence numbers in place.
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_entries SET seq = -1 WHERE shard = 3 AND seq = 2");
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_entries SET seq = 2 WHERE shard = 3 AND seq = 3");
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_entries SET seq = 3 WHERE shard = 3 AND seq = -1");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN at shard 3, sequence 2: ");
    }

    [Fact]
    public async Task Tail_truncated_after_a_checkpoint_is_reported_as_truncation()
    {
        // Shard 1 holds 15 entries, all covered by checkpoint 2.
        await LedgerDatabase.TamperAsync(_database, "DELETE FROM ledger_entries WHERE shard = 1 AND seq >= 12");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN at shard 1, sequence 12: shard is truncated");
    }

    [Fact]
    public async Task Dropping_entries_no_checkpoint_covers_still_verifies()
    {
        await LedgerDatabase.TamperAsync(_database, "DELETE FROM ledger_entries WHERE shard = 0 AND seq >= 12");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith(", 0 entries after the checkpoint", Assert.Single(run.OutLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Altered_checkpoint_signature_exits_one()
    {
        var signature = await LedgerDatabase.ReadBlobAsync(_database, "SELECT signature FROM ledger_checkpoints WHERE number = 1");
        signature[10] ^= 0x01;
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_checkpoints SET signature = $s WHERE number = 1", ("$s", signature));

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN: checkpoint 1 has an invalid signature");
    }

    [Fact]
    public async Task Pinned_wrong_key_exits_one()
    {
        using var other = CheckpointSigner.Generate();
        var keyFile = await WriteKeyAsync(other.PublicKey);

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database, "--key", keyFile);

        AssertBroken(run, "ledger BROKEN: checkpoint 0 is signed by another key");
    }

    [Fact]
    public async Task Stored_public_key_that_is_not_the_named_key_exits_one()
    {
        using var other = CheckpointSigner.Generate();
        await LedgerDatabase.TamperAsync(
            _database, "UPDATE ledger_checkpoints SET public_key = $key", ("$key", other.PublicKey.SubjectPublicKeyInfo));

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN: ");
        Assert.Contains("public key stored with it", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sequence_stored_as_text_is_reported_as_broken_not_read_as_zero()
    {
        // The last row of shard 2, so that no gap is seen before the row itself.
        await LedgerDatabase.TamperAsync(_database, "UPDATE ledger_entries SET seq = 'x' WHERE shard = 2 AND seq = 11");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN at shard 2, sequence 11: ");
        Assert.Contains("not an integer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_outside_every_checkpointed_shard_exit_one()
    {
        var row = _ledger.Shards[0][0];
        await LedgerDatabase.TamperAsync(
            _database,
            "INSERT INTO ledger_entries (shard, seq, body, entry_hash) VALUES (7, 0, $body, $hash)",
            ("$body", row.Body),
            ("$hash", row.EntryHash!));

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _database);

        AssertBroken(run, "ledger BROKEN: 1 ledger_entries rows belong to no shard 0 to 3");
    }

    [Fact]
    public async Task Missing_file_exits_two_with_one_line_and_is_not_created()
    {
        var missing = _folder.Combine("missing.db");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", missing);

        AssertError(run, $"error: ledger file {missing} does not exist");
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task File_that_is_not_sqlite_exits_two_with_one_line()
    {
        var path = _folder.Combine("notes.db");
        await File.WriteAllTextAsync(path, "these are not the tables you are looking for\n", TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", path);

        AssertError(run, $"error: {path} is not an SQLite database");
    }

    [Fact]
    public async Task Empty_file_exits_two_with_one_line()
    {
        var path = _folder.Combine("empty.db");
        await File.WriteAllBytesAsync(path, [], TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", path);

        AssertError(run, $"error: ledger file {path} is empty");
    }

    [Fact]
    public async Task Sqlite_file_without_ledger_tables_exits_two_with_one_line()
    {
        var path = _folder.Combine("other.db");
        await LedgerDatabase.TamperAsync(path, "CREATE TABLE patients (id INTEGER PRIMARY KEY)");

        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", path);

        AssertError(run, $"error: {path} is not a CareChain ledger: it has no ledger_entries table");
    }

    [Fact]
    public async Task Directory_given_as_the_file_exits_two()
    {
        var run = await CliRun.InvokeAsync("ledger", "verify", "--db", _folder.Path);

        AssertError(run, $"error: {_folder.Path} is a directory, not a ledger file");
    }

    internal static void AssertBroken(CliRun run, string expectedStart)
    {
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Empty(run.Out);
        Assert.StartsWith(expectedStart, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    internal static void AssertError(CliRun run, string expected)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Empty(run.Out);
        Assert.Equal(expected, Assert.Single(run.ErrorLines));
    }

    private async Task<string> WriteKeyAsync(CheckpointKey key)
    {
        var path = _folder.Combine($"key-{key.KeyId[..8]}.pem");
        await File.WriteAllTextAsync(path, key.ToPem(), TestContext.Current.CancellationToken);
        return path;
    }
}
