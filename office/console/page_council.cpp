// The console's council page: its routes under /console/api/ (office/console/api.h).
#include "office/console/api.h"

namespace rc::office::console {

void addCouncilRoutes(Routes& routes) { (void)routes; }

}  // namespace rc::office::console
