using CareChain.Grains.Fhir.Resources;
using Hl7.Fhir.Model;

namespace CareChain.Grains.Tests.Fhir.Resources;

public sealed class ResourceCollectionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private readonly ResourceHistory _history = new();

    private ResourceCollection Collection => new(_history);

    [Fact]
    public void Appending_stamps_version_and_time_into_the_stored_json()
    {
        var stored = Collection.Append(Patient("p1"), T0);

        Assert.Equal(1, stored.VersionId);
        var parsed = ResourceJson.Parse<Patient>(stored.Json!);
        Assert.Equal("1", parsed.Meta!.VersionId);
        Assert.Equal(T0, parsed.Meta.LastUpdated);
    }

    [Fact]
    public void Update_adds_a_version_and_history_lists_newest_first()
    {
        Collection.Append(Patient("p1"), T0);
        Collection.Append(Patient("p1"), T0.AddMinutes(1));

        Assert.Equal([2, 1], Collection.History("Patient", "p1").Select(v => v.VersionId));
        Assert.Equal(2, Collection.Read("Patient", "p1", null).Resource!.VersionId);
        Assert.Equal(1, Collection.Read("Patient", "p1", 1).Resource!.VersionId);
        Assert.Equal(ReadStatus.NotFound, Collection.Read("Patient", "p1", 3).Status);
    }

    [Theory]
    [InlineData(WriteMode.Create, null, WriteStatus.Conflict)]
    [InlineData(WriteMode.Update, 2, WriteStatus.VersionConflict)]
    public void Writes_that_do_not_fit_the_current_version_are_refused(WriteMode mode, int? ifMatch, WriteStatus expected)
    {
        Collection.Append(Patient("p1"), T0);

        var refusal = Collection.Refuse(new ResourceWrite("Patient", "p1", "{}", mode, ifMatch));

        Assert.Equal(expected, refusal!.Status);
        Assert.Equal(1, refusal.CurrentVersion);
    }

    [Fact]
    public void If_match_on_a_resource_that_never_existed_is_refused()
    {
        var refusal = Collection.Refuse(new ResourceWrite("Patient", "p1", "{}", WriteMode.Update, 1));

        Assert.Equal(WriteStatus.VersionConflict, refusal!.Status);
        Assert.Null(refusal.CurrentVersion);
    }

    [Fact]
    public void Delete_writes_a_tombstone_once_and_reads_then_answer_gone()
    {
        Collection.Append(Patient("p1"), T0);

        var (first, changed) = Collection.Delete("Patient", "p1", null, T0.AddMinutes(1));
        var (again, changedAgain) = Collection.Delete("Patient", "p1", null, T0.AddMinutes(2));

        Assert.True(changed);
        Assert.Equal(WriteStatus.Deleted, first.Status);
        Assert.False(changedAgain);
        Assert.Equal(WriteStatus.Deleted, again.Status);
        Assert.Equal(ReadStatus.Gone, Collection.Read("Patient", "p1", null).Status);
        Assert.Equal(ReadStatus.Found, Collection.Read("Patient", "p1", 1).Status);
        Assert.Empty(Collection.Current);
    }

    [Fact]
    public void Delete_of_an_unknown_resource_is_not_found_and_a_stale_if_match_is_refused()
    {
        Assert.Equal(WriteStatus.NotFound, Collection.Delete("Patient", "nobody", null, T0).Result.Status);
        Collection.Append(Patient("p1"), T0);
        Assert.Equal(WriteStatus.VersionConflict, Collection.Delete("Patient", "p1", 5, T0).Result.Status);
        Assert.Equal(ReadStatus.Found, Collection.Read("Patient", "p1", null).Status);
    }

    [Fact]
    public void Undo_takes_back_only_the_latest_version()
    {
        Collection.Append(Patient("p1"), T0);
        Collection.Append(Patient("p1"), T0.AddMinutes(1));

        Assert.False(Collection.Undo("Patient", "p1", 1));
        Assert.True(Collection.Undo("Patient", "p1", 2));
        Assert.Equal(1, Collection.Latest("Patient", "p1")!.VersionId);
        Assert.True(Collection.Undo("Patient", "p1", 1));
        Assert.Null(Collection.Latest("Patient", "p1"));
        Assert.Empty(_history.Versions);
    }

    private static Patient Patient(string id) => new() { Id = id, Gender = AdministrativeGender.Unknown };
}
