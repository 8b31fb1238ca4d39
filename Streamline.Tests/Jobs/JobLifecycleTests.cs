using Streamline.Core.Jobs;

namespace Streamline.Tests.Jobs;

public class JobLifecycleTests
{
    [Theory]
    [InlineData(JobStatus.Planning, JobStatus.InProgress)]
    [InlineData(JobStatus.InProgress, JobStatus.Review)]
    [InlineData(JobStatus.Review, JobStatus.Completed)]
    [InlineData(JobStatus.Review, JobStatus.InProgress)]
    [InlineData(JobStatus.InProgress, JobStatus.OnHold)]
    [InlineData(JobStatus.OnHold, JobStatus.InProgress)]
    [InlineData(JobStatus.Planning, JobStatus.Cancelled)]
    [InlineData(JobStatus.OnHold, JobStatus.Cancelled)]
    public void Work_moves_forward_back_for_rework_on_and_off_hold_and_can_be_cancelled(JobStatus from, JobStatus to) =>
        Assert.True(JobLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(JobStatus.Planning, JobStatus.Review)]
    [InlineData(JobStatus.Planning, JobStatus.Completed)]
    [InlineData(JobStatus.InProgress, JobStatus.Completed)]
    [InlineData(JobStatus.InProgress, JobStatus.Planning)]
    [InlineData(JobStatus.OnHold, JobStatus.Completed)]
    [InlineData(JobStatus.Completed, JobStatus.InProgress)]
    [InlineData(JobStatus.Completed, JobStatus.Cancelled)]
    [InlineData(JobStatus.Cancelled, JobStatus.Planning)]
    [InlineData(JobStatus.Review, JobStatus.Review)]
    public void Skipping_review_reopening_a_closed_job_and_standing_still_are_refused(JobStatus from, JobStatus to) =>
        Assert.False(JobLifecycle.CanMove(from, to));

    [Fact]
    public void A_job_is_overdue_only_after_its_due_date_and_while_it_is_still_open()
    {
        var job = new Job { Title = "t", DueDate = new DateOnly(2026, 3, 1), Status = JobStatus.InProgress };
        Assert.False(job.IsOverdue(new DateOnly(2026, 3, 1)));
        Assert.True(job.IsOverdue(new DateOnly(2026, 3, 2)));
        job.Status = JobStatus.Completed;
        Assert.False(job.IsOverdue(new DateOnly(2026, 3, 2)));
        Assert.False(new Job { Title = "no date" }.IsOverdue(new DateOnly(2030, 1, 1)));
    }

    [Fact]
    public void Progress_follows_the_milestones_until_it_is_set_by_hand()
    {
        var job = new Job
        {
            Title = "t",
            Milestones = [new() { Title = "a", Done = true }, new() { Title = "b" }, new() { Title = "c" }, new() { Title = "d", Done = true }],
        };
        Assert.Equal(50, job.Progress);
        job.ProgressOverride = 80;
        Assert.Equal(80, job.Progress);
    }

    [Theory]
    [InlineData("<b>hi</b> **bold**", "&lt;b&gt;hi&lt;/b&gt;")]
    [InlineData("[x](javascript:alert(1))", "href=\"#\"")]
    public void Comment_markdown_keeps_raw_html_and_script_links_out(string markdown, string expected)
    {
        var html = JobMarkdown.ToHtml(markdown);
        Assert.Contains(expected, html);
        Assert.DoesNotContain("<b>", html);
        Assert.DoesNotContain("javascript:", html);
    }
}
