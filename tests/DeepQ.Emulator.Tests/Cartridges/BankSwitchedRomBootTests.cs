using DeepQ.Emulator.Cartridges;
using DeepQ.Emulator.Machine;
using DeepQ.Emulator.Roms;
using DeepQ.TestSupport;

namespace DeepQ.Emulator.Tests.Cartridges;

public class BankSwitchedRomBootTests
{
    // A wrong bank switch sends the CPU into data and it soon JAMs or draws a blank frame. Each
    // scheme's games must power on, take a RESET and still draw a many-coloured picture.
    [SharedTheory]
    [InlineData("robotank")]          // FE: needs the CPU's A13, which only reaches the cartridge through OnBusAccess
    [InlineData("montezuma_revenge")] // E0
    [InlineData("tutankham")]         // E0
    [InlineData("jamesbond")]         // E0
    [InlineData("ms_pacman")]         // F8
    [InlineData("asterix")]           // F8
    [InlineData("road_runner")]       // F6
    [InlineData("double_dunk")]       // F6
    public void BankSwitchedGameBootsAndDraws(string game)
    {
        var rom = RomImage.Load(SharedData.Rom(game));
        var console = new AtariConsole(CartridgeDetector.Create(rom));
        for (int i = 0; i < 150; i++)
        {
            console.ResetSwitch = i is > 60 and < 65;
            console.RunFrame();
        }
        Assert.False(console.CpuJammed, $"{game} jammed");
        Assert.True(console.Screen.ToArray().Distinct().Count() >= 3, $"{game} draws fewer than 3 colours");
    }
}
