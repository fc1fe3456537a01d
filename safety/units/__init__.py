"""Units and areas (单位与区域): the tree from the county or district down to towns, parks and their grids."""
