#include "app/screenshot.hpp"

#include <GL/glcorearb.h>
#include <stb_image_write.h>  // the implementation is in libstb

#include <algorithm>
#include <string>
#include <vector>

#include "core/util/file.hpp"

namespace llada::app {

Result<void> write_framebuffer_png(const std::string& path, int x, int y, int w, int h, int fb_height) {
  if (w <= 0 || h <= 0) return fail("nothing to capture: the area is empty");
  std::vector<unsigned char> px(size_t(w) * h * 3), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  // GL's origin is bottom-left; the caller's y is from the top.
  glReadPixels(x, fb_height - (y + h), w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  if (GLenum e = glGetError(); e != GL_NO_ERROR)
    return fail("reading the window's pixels failed (GL error " + std::to_string(e) + ")");
  const size_t row = size_t(w) * 3;
  for (int r = 0; r < h; ++r)
    std::copy_n(px.data() + size_t(h - 1 - r) * row, row, flipped.data() + size_t(r) * row);
  // Encoded in memory, then written with every write checked (stbi_write_png ignores write errors, so a
  // full disk used to leave an empty PNG behind a success).
  std::string png;
  auto append = [](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), size_t(size)); };
  if (!stbi_write_png_to_func(append, &png, w, h, 3, flipped.data(), int(row)) || png.empty())
    return fail("cannot encode PNG '" + path + "'");
  return write_file_atomic(path, png, "PNG");
}

}  // namespace llada::app
