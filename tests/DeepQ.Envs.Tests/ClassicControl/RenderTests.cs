using DeepQ.Envs.ClassicControl;

namespace DeepQ.Envs.Tests.ClassicControl;

public class RenderTests
{
    private static (byte[] Rgb, int H, int W) Draw(IEnv env)
    {
        var (h, w) = env.RenderSize;
        var rgb = new byte[h * w * 3];
        env.Render(rgb);
        return (rgb, h, w);
    }

    private static (byte R, byte G, byte B) At(byte[] rgb, int w, int x, int y) => (rgb[(y * w + x) * 3], rgb[(y * w + x) * 3 + 1], rgb[(y * w + x) * 3 + 2]);

    [Fact]
    public void MountainCar_draws_the_car_on_the_hill_where_the_state_puts_it()
    {
        var env = new MountainCar();
        env.Reset(seed: 0);
        env.SetState(-0.5, 0);
        var (rgb, h, w) = Draw(env);
        Assert.Equal((400, 600), (h, w));
        double scale = 600 / 1.8;
        int x = (int)((-0.5 + 1.2) * scale), y = (int)(400 - (Math.Sin(-1.5) * 0.45 + 0.55) * scale - 12);
        Assert.Equal(((byte)0, (byte)0, (byte)0), At(rgb, w, x, y)); // the car's center
        Assert.Equal(((byte)255, (byte)255, (byte)255), At(rgb, w, 5, 5));
    }

    [Fact]
    public void Acrobot_draws_the_hanging_arm_below_the_pivot()
    {
        var env = new Acrobot();
        env.Reset(seed: 0);
        env.State.Clear(); // both links hanging straight down
        var (rgb, h, w) = Draw(env);
        Assert.Equal((500, 500), (h, w));
        Assert.Equal(((byte)0, (byte)204, (byte)204), At(rgb, w, 250, 250 + 80)); // on link 1, below the pivot
        Assert.Equal(((byte)255, (byte)255, (byte)255), At(rgb, w, 250, 250 - 80)); // nothing above it
    }

    [Fact]
    public void FrozenLake_draws_cells_and_the_agent()
    {
        var env = new FrozenLake(isSlippery: false);
        env.Reset(seed: 0);
        env.Step(FrozenLake.Right);
        var (rgb, h, w) = Draw(env);
        Assert.Equal((128, 128), (h, w));
        Assert.Equal(((byte)220, (byte)40, (byte)40), At(rgb, w, 32 + 16, 16)); // agent in cell 1
        Assert.Equal(((byte)20, (byte)40, (byte)80), At(rgb, w, 32 + 16, 32 + 16)); // hole at cell 5
        Assert.Equal(((byte)40, (byte)180, (byte)60), At(rgb, w, 3 * 32 + 16, 3 * 32 + 16)); // goal at cell 15
    }

    [Fact]
    public void Render_rejects_a_small_buffer()
    {
        var env = new CartPole();
        env.Reset(seed: 0);
        Assert.Throws<ArgumentException>(() => env.Render(new byte[10]));
    }
}
