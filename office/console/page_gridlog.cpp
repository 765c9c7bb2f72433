// The console's gridlog page: its routes under /console/api/ (office/console/api.h).
#include "office/console/api.h"

namespace rc::office::console {

void addGridLogRoutes(Routes& routes) { (void)routes; }

}  // namespace rc::office::console
