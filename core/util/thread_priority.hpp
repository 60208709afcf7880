// Background threads yield the CPU to the window: the trainer and the panels' jobs run at a lower
// scheduling priority (a higher nice value) than the thread that draws, so on a machine with few cores
// a training step never delays a frame; they still take every cycle the window leaves idle.
//
// A nice value alone is not enough there. On two cores the window draws with three threads of its own
// (the UI thread and a software renderer's two rasterisers) beside the X server, and two trainers at
// nice 10 still took enough of the cores to stretch the frames that redraw much of the window: the
// Embedding space panel's p99 was 14–16 ms, and 11 ms once its trainers ran at idle priority. So the
// window also asks for Linux's SCHED_IDLE (set_background_idle): a background thread then runs only on
// a core that nothing else on the machine wants. The command line keeps nice values only: a `train`
// beside other work keeps its fair share there, and has no frames to protect.
#pragma once

namespace llada {

// Raises the calling thread's nice value by `steps` (capped at 19), and with set_background_idle(true)
// also moves it to the idle scheduling class. Linux schedules threads one by one, so this touches only
// the caller. Returns the nice value now in force, or -100 where the platform has no per-thread
// priority (nothing changes then).
int lower_this_thread_priority(int steps = 10);

// Process-wide, for threads lowered from now on: whether they also run at idle priority (SCHED_IDLE).
// Off by default; the window turns it on before it starts any background work.
void set_background_idle(bool idle);
bool background_idle();

// The calling thread's nice value (-100 where unknown), and whether it runs in the idle class.
int this_thread_nice();
bool this_thread_idle();

}  // namespace llada
