// Background threads yield the CPU to the window: the trainer and the panels' jobs run at a lower
// scheduling priority (a higher nice value) than the thread that draws, so on a machine with few cores
// a training step never delays a frame; they still take every cycle the window leaves idle.
//
// A nice value alone is not enough for the trainers. On two cores the window draws with three threads
// of its own (the UI thread and a software renderer's two rasterisers) beside the X server, and two
// trainers at nice 10 (or 19: the scheduler still lets a running thread finish its slice before a woken
// one runs) stretched the frames that redraw much of the window: the Embedding space panel's p99 was
// 14-16 ms and the Softmax panel's at V = 100 277 with T dragged 16-20 ms, against 9.5 and 13 ms once the
// trainers ran in Linux's idle class. So the window asks for that class (set_background_idle) and a
// trainer's thread takes it: it then runs only on a core that nothing else on the machine wants, and a
// woken frame thread takes its core at once. A panel's job stays at its nice value: its result is what
// the reader waits to see, and it runs in short bursts. The command line keeps nice values only: a
// `train` beside other work keeps its fair share there, and has no frames to protect.
#pragma once

namespace llada {

// Raises the calling thread's nice value by `steps` (capped at 19). `idle`: also move it to the idle
// scheduling class, where the process asked for that (set_background_idle). Linux schedules threads one
// by one, so this touches only the caller. Returns the nice value now in force, or -100 where the
// platform has no per-thread priority (nothing changes then).
int lower_this_thread_priority(int steps = 10, bool idle = false);

// Process-wide, for threads lowered from now on with `idle`: whether they run in the idle class
// (SCHED_IDLE). Off by default; the window turns it on before it starts any background work.
void set_background_idle(bool idle);
bool background_idle();

// The calling thread's nice value (-100 where unknown), and whether it runs in the idle class.
int this_thread_nice();
bool this_thread_idle();

}  // namespace llada
