"""The demo park's content: Chinese data as an office would hold it, not interface text (not translated).

The park, its companies and people are invented; any likeness to a real
company is chance.
"""

PARK = "滨江经济开发区"

# (code, name, streets): the streets give the enterprises in the grid believable addresses.
GRIDS = (
    ("EAST", "东区网格", ("创业路", "兴东路", "科技大道")),
    ("WEST", "西区网格", ("长江西路", "工业一路", "金桥路")),
    ("SOUTH", "南区网格", ("南湖路", "湖滨路", "物流大道")),
    ("NORTH", "北区网格", ("北环路", "化工园路", "富民路")),
)

# (sector, name, supervision class, grid code). The class follows the risk: hazardous chemicals and gas are
# A; dust, molten metal, ammonia refrigeration and crowded places B; the rest C or D.
ENTERPRISES = (
    ("machinery", "滨江华瑞精密机械有限公司", "B", "EAST"),
    ("machinery", "昌达传动设备有限公司", "C", "EAST"),
    ("machinery", "永盛模具制造有限公司", "C", "WEST"),
    ("machinery", "鑫泰液压机械有限公司", "D", "WEST"),
    ("metallurgy", "宏远铸造有限公司", "B", "WEST"),
    ("metallurgy", "金诚铝业有限公司", "B", "NORTH"),
    ("metallurgy", "华宇金属表面处理有限公司", "A", "NORTH"),
    ("building_materials", "建华商品混凝土有限公司", "C", "SOUTH"),
    ("building_materials", "新丰新型墙体材料有限公司", "D", "WEST"),
    ("building_materials", "石湖玻璃制品有限公司", "C", "EAST"),
    ("light_industry", "美佳塑料制品有限公司", "C", "EAST"),
    ("light_industry", "佳彩印刷包装有限公司", "B", "WEST"),
    ("light_industry", "雅诺家居用品有限公司", "D", "SOUTH"),
    ("light_industry", "顺达纸制品有限公司", "D", "EAST"),
    ("textiles", "锦绣纺织有限公司", "C", "WEST"),
    ("textiles", "丝路服饰有限公司", "D", "EAST"),
    ("textiles", "华纶化纤有限公司", "B", "NORTH"),
    ("textiles", "雅韵家纺有限公司", "D", "SOUTH"),
    ("food", "禾丰食品有限公司", "B", "SOUTH"),
    ("food", "鲜味坊调味品有限公司", "D", "EAST"),
    ("food", "滨江粮油加工有限公司", "B", "NORTH"),
    ("food", "甜心烘焙食品有限公司", "C", "SOUTH"),
    ("woodworking", "森源木业有限公司", "B", "WEST"),
    ("woodworking", "华美家具制造有限公司", "B", "WEST"),
    ("woodworking", "绿林竹木制品有限公司", "C", "EAST"),
    ("chemicals", "滨江精细化工有限公司", "A", "NORTH"),
    ("chemicals", "海川涂料有限公司", "A", "NORTH"),
    ("chemicals", "瑞丰化学品仓储有限公司", "A", "NORTH"),
    ("chemicals", "科润新材料有限公司", "A", "NORTH"),
    ("chemicals", "东方工业气体有限公司", "A", "EAST"),
    ("warehousing", "顺通物流有限公司", "C", "SOUTH"),
    ("warehousing", "冷链达冷藏物流有限公司", "B", "SOUTH"),
    ("warehousing", "滨江保税仓储有限公司", "C", "SOUTH"),
    ("warehousing", "快捷通供应链管理有限公司", "D", "WEST"),
    ("construction", "滨江建工集团有限公司（滨江花园三期项目部）", "B", "EAST"),
    ("construction", "华东路桥建设有限公司（滨江大道改造项目部）", "B", "SOUTH"),
    ("construction", "鼎盛建设工程有限公司（标准厂房二期项目部）", "C", "NORTH"),
    ("gas", "滨江城市燃气有限公司", "A", "EAST"),
    ("gas", "安能液化石油气供应站", "A", "NORTH"),
    ("gas", "德润天然气加气站", "A", "WEST"),
    ("commerce", "万家购物广场", "B", "SOUTH"),
    ("commerce", "开发区综合农贸市场", "C", "SOUTH"),
    ("commerce", "星光影城", "B", "EAST"),
    ("commerce", "乐购五金建材市场", "C", "WEST"),
    ("hospitality", "滨江大酒店", "B", "SOUTH"),
    ("hospitality", "川味轩餐饮管理有限公司", "C", "EAST"),
    ("hospitality", "锦程餐饮服务有限公司（园区职工食堂）", "C", "NORTH"),
    ("hospitality", "悦来快捷酒店", "C", "WEST"),
)

# Contact people (安全负责人), one per enterprise in the order of ENTERPRISES.
CONTACT_PEOPLE = (
    "王海涛", "李秀英", "张建军", "刘洋", "陈志强", "杨丽", "赵国庆", "黄敏", "周斌", "吴静", "徐磊", "孙红梅",
    "胡晓东", "朱立新", "高峰", "林小燕", "何伟", "郭春华", "马俊", "罗欣", "梁永康", "宋佳", "郑凯", "谢芳",
    "韩冬", "唐晓红", "冯志刚", "于洁", "董明", "萧雨", "程浩", "曹丽娟", "袁野", "邓超群", "许文静", "傅强",
    "沈佳怡", "曾凡", "彭立军", "吕晓梅", "苏航", "卢建平", "蒋婷", "蔡永生", "贾斌", "丁慧", "魏国华", "薛莉",
)

MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "189")

# The demo accounts: (role, username, password, name, grid codes, enterprise name for an enterprise account).
# The enterprise account's name is its enterprise's contact person.
# The passwords pass the password policy and are printed at the end of seed-demo.
ACCOUNTS = (
    ("admin", "admin", "demo-admin", "王建国", (), None),
    ("supervisor", "supervisor", "demo-supervisor", "陈静", (), None),
    ("inspector", "inspector1", "demo-inspector1", "李明", ("EAST", "NORTH"), None),
    ("inspector", "inspector2", "demo-inspector2", "张伟", ("WEST", "SOUTH"), None),
    ("enterprise", "enterprise", "demo-enterprise", None, (), "滨江精细化工有限公司"),
)

# The district around the park: the bureau at the root, two towns and the park (「三级五覆盖」). The park keeps
# its four grids; each town has its own. (code, name, kind, supervision classes enforced under delegation).
BUREAU = "滨江区应急管理局"
UNITS = (
    ("KFQ", "滨江经济开发区管委会", "park", "D"),  # 委托执法（d类工贸企业）
    ("CD", "城东街道", "town", "D"),
    ("JB", "江北镇", "town", ""),  # no enforcement powers: reports hazards upward (上报)
)
PARK_UNIT = "KFQ"
TOWN_GRIDS = (
    ("CD-1", "城东街道第一网格", "CD", ("东风路", "建设路", "人民路")),
    ("CD-2", "城东街道第二网格", "CD", ("和平路", "新华街", "文化路")),
    ("JB-1", "江北镇网格", "JB", ("江北大道", "沿江路", "镇中路")),
)
TOWN_ENTERPRISES = (
    ("commerce", "城东万家福超市有限公司", "B", "CD-1"),
    ("hospitality", "城东蓉城酒家", "C", "CD-1"),
    ("light_industry", "城东宏达印刷厂", "D", "CD-1"),
    ("warehousing", "城东顺捷仓储有限公司", "C", "CD-2"),
    ("woodworking", "城东美家木业加工厂", "D", "CD-2"),
    ("gas", "城东燃气站", "A", "CD-2"),
    ("food", "江北鲜味食品有限公司", "C", "JB-1"),
    ("machinery", "江北农机修造厂", "D", "JB-1"),
    ("building_materials", "江北建材有限公司", "B", "JB-1"),
    ("construction", "江北镇中心小学改扩建工地", "B", "JB-1"),
    ("textiles", "城东锦绣服装厂", "C", "CD-1"),
    ("commerce", "城东星光电影院", "B", "CD-1"),
    ("hospitality", "城东悦来宾馆", "C", "CD-2"),
    ("machinery", "城东精工汽修厂", "D", "CD-2"),
    ("warehousing", "江北粮食储备库", "C", "JB-1"),
)
TOWN_CONTACT_PEOPLE = ("钟伟", "姜丽", "范军", "方芳", "石磊", "廖敏", "邹强", "熊娟", "金鹏", "陆洁", "汪涛", "田静",
                       "任浩", "杜鹃", "夏宇")
# (role, username, password, name, grid codes, unit code; department key for a department's account)
DISTRICT_ACCOUNTS = (
    ("supervisor", "park-supervisor", "demo-park-supervisor", "何晓东", (), "KFQ", None),
    ("supervisor", "cd-supervisor", "demo-cd-supervisor", "周敏", (), "CD", None),
    ("supervisor", "jb-supervisor", "demo-jb-supervisor", "孙立", (), "JB", None),
    ("inspector", "cd-inspector", "demo-cd-inspector", "郭强", ("CD-1", "CD-2"), "CD", None),
    ("inspector", "jb-inspector", "demo-jb-inspector", "罗丹", ("JB-1",), "JB", None),
    ("supervisor", "housing", "demo-housing", "潘建", (), None, "housing"),  # 区住建局: answers referrals
)
