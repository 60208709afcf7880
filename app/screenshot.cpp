#include "app/screenshot.hpp"

#include <GL/glcorearb.h>
#include <stb_image_write.h>  // the implementation is in libstb

#include <algorithm>
#include <vector>

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
  if (!stbi_write_png(path.c_str(), w, h, 3, flipped.data(), int(row)))
    return fail("cannot write PNG '" + path + "'", "check that the folder exists and is writable");
  return {};
}

}  // namespace llada::app
