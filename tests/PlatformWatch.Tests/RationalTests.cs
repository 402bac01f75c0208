using PlatformWatch.Rules;

namespace PlatformWatch.Tests;

public class RationalTests
{
    [Test]
    public void Two_thirds_is_not_a_rounded_decimal()
    {
        var twoThirds = Rational.TryParse("2/3")!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(Rational.FromDecimal(0.6667m) >= twoThirds, Is.True, "0.6667 reaches 2/3");
            Assert.That(Rational.FromDecimal(0.6666m) >= twoThirds, Is.False, "0.6666 does not");
            Assert.That(Rational.FromDecimal(0.66666666666666666666666667m) >= twoThirds, Is.True);
            Assert.That(Rational.FromDecimal(0.66666666666666666666666666m) >= twoThirds, Is.False);
        });
    }

    [TestCase("1/2", "0.5")]
    [TestCase("0.50", "1/2")]
    [TestCase("6/12", "1/2")]
    [TestCase("1800", "1800/1")]
    public void Equal_values_written_differently_are_equal(string a, string b) =>
        Assert.That(Rational.TryParse(a), Is.EqualTo(Rational.TryParse(b)));

    [TestCase("")]
    [TestCase("two thirds")]
    [TestCase("1/0")]
    [TestCase("1/-3")]
    [TestCase("0.6.6")]
    public void Text_that_is_not_a_number_is_refused(string text) => Assert.That(Rational.TryParse(text), Is.Null);

    [Test]
    public void Decimals_convert_exactly_both_ways()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rational.FromDecimal(0.30m) * Rational.FromDecimal(0.30m), Is.EqualTo(Rational.Of(9, 100)));
            Assert.That(Rational.TryParse("1/8")!.Value.TryToDecimal(out var eighth) ? eighth : -1, Is.EqualTo(0.125m));
            Assert.That(Rational.TryParse("2/3")!.Value.TryToDecimal(out _), Is.False);
            Assert.That(Rational.FromDecimal(-12.5m).TryToDecimal(out var back) ? back : 0, Is.EqualTo(-12.5m));
            Assert.That(default(Rational), Is.EqualTo(Rational.Zero));
            Assert.That(default(Rational).Denominator.IsOne, Is.True);
        });
    }
}
