"""The hand-kept part of joining O*NET technologies to ESCO (see :mod:`skillmatch.core.technologies`).

Everything here names skills by their ESCO preferred label and technologies by their O*NET
name; a name that does not resolve stops the build with a message, so the tables cannot drift
silently from the data.
"""

from __future__ import annotations

#: Vendors whose name leads a product name: "Microsoft Power BI" is also written "Power BI".
#: Longest first, so "Amazon Web Services" wins over "Amazon".
VENDORS: tuple[str, ...] = tuple(sorted((
    "Adobe", "Alteryx", "Amazon", "Amazon Web Services", "Apache", "Apple", "Atlassian", "Autodesk",
    "Cisco", "Citrix", "Corel", "Dell", "ESRI", "Esri", "Google", "Hewlett Packard", "IBM", "Intuit",
    "Microsoft", "Oracle", "Qlik Tech", "Red Hat", "SAP", "SAS", "Salesforce", "StataCorp", "Symantec",
    "The MathWorks", "Trimble", "VMware",
), key=len, reverse=True))

#: Short names people write that the O*NET name and the vendor rule do not give. Never an
#: ordinary word ("Windows", "Spark"): labels are matched in text whatever their case.
ALIASES: dict[str, tuple[str, ...]] = {
    "Amazon Web Services AWS software": ("Amazon AWS", "AWS cloud"),
    "Microsoft Azure software": ("Azure cloud", "MS Azure"),
    "Google Cloud software": ("Google Cloud Platform", "GCP", "Google Cloud"),
    "Kubernetes": ("K8s",),
    "Red Hat Enterprise Linux": ("RHEL",),
    "IBM Terraform": ("HashiCorp Terraform",),
    "Atlassian JIRA": ("Jira Software",),
    "Microsoft Excel": ("MS Excel", "Excel spreadsheets"),
    "Microsoft Word": ("MS Word",),
    "Microsoft PowerPoint": ("MS PowerPoint",),
    "Microsoft Outlook": ("MS Outlook",),
    "Microsoft Office software": ("MS Office", "Microsoft 365", "Office 365"),
    "Microsoft Teams": ("MS Teams",),
    "Microsoft Power BI": ("PowerBI", "Power BI Desktop"),
    "Microsoft Windows": ("MS Windows",),
    "Microsoft SQL Server": ("MS SQL Server", "MSSQL"),
    "PostgreSQL": ("Postgres",),
    "The MathWorks MATLAB": ("Matlab",),
    "Apache Spark": ("PySpark", "Spark SQL"),
    "Qlik Tech QlikView": ("Qlik",),
    "Splunk Enterprise": ("Splunk",),
    "Ansible software": ("Ansible",),
    "Apple macOS": ("Mac OS X", "OS X"),
    # one-word products O*NET names "<name> software"; the rule keeps no one-word name from that
    # form, since most are kinds of software ("Debugging software", "Wiki software")
    "Salesforce software": ("Salesforce", "Salesforce CRM"),
    "Alteryx software": ("Alteryx",),
    "Informatica software": ("Informatica",),
    "Workday software": ("Workday",),
    "Shopify software": ("Shopify",),
}

#: English words that name a product only after its vendor ("Google Docs", "Apple Keynote",
#: "Adobe Audition"): alone they are ordinary words in a posting, so never a short name.
ORDINARY_WORDS: frozenset[str] = frozenset(
    "acrobat ant audition bamboo concur distiller docs domino flex inventor keynote maya middleware "
    "painter presenter safari slides workspace".split()
)

#: Short names for skills the taxonomy already has, by preferred label.
SKILL_ALIASES: dict[str, tuple[str, ...]] = {
    "apply operations for an ITIL-based environment": ("ITIL", "ITIL service management"),
    "ICT communications protocols": ("TCP/IP", "network protocols", "networking protocols"),
    "use spreadsheets software": ("spreadsheets",),
}

#: UNSPSC commodity of a technology -> the ESCO skills it is a narrower kind of. Only commodities
#: that name a kind of software ESCO also knows as such; "Analytical or scientific software" or
#: "Accounting software" name a field, and a tool of the field is not a kind of the field.
COMMODITY_PLACES: dict[str, tuple[str, ...]] = {
    "Operating system software": ("operating systems",),
    "Business intelligence and data analysis software": ("business intelligence",),
    "Data base reporting software": ("business intelligence",),
    "Spreadsheet software": ("use spreadsheets software",),
    "Data base management system software": ("database management systems",),
    "Object oriented data base management software": ("database management systems",),
    "Data base user interface and query software": ("use databases",),
    "Object or component oriented development software": ("computer programming",),
    "Development environment software": ("computer programming",),
    "Compiler and decompiler software": ("computer programming",),
    "Web platform development software": ("web programming",),
    "Web page creation and editing software": ("web programming",),
    "Program testing software": ("tools for ICT test automation",),
    "Configuration management software": ("tools for software configuration management",),
    "File versioning software": ("tools for software configuration management",),
    "Cloud-based management software": ("cloud technologies",),
    "Cloud-based data access and sharing software": ("cloud technologies",),
    "Cloud-based protection or security software": ("cloud technologies",),
    "Graphics or photo imaging software": ("graphics editor software",),
    "Word processing software": ("use word processing software",),
    "Presentation software": ("use presentation software",),
    "Office suite software": ("office software",),
    "Project management software": ("project management",),
    "Customer relationship management CRM software": ("customer relationship management",),
    "Enterprise resource planning ERP software": ("business ICT systems",),
    "Computer aided design CAD software": ("CAD software",),
    "Computer aided manufacturing CAM software": ("CAM software",),
    "Geographic information system": ("geographic information systems",),
    "Map creation software": ("geographic information systems",),
    "Computer based training software": ("e-learning",),
    "Desktop publishing software": ("desktop publishing",),
    "Music or sound editing software": ("audio editing software",),
    "Network monitoring software": ("network management system tools",),
    "Transaction security and virus protection software": ("cyber security",),
    "Enterprise application integration software": ("ICT system integration",),
    "Data mining software": ("data mining",),
    "Electronic mail software": ("use communication and collaboration software",),
    "Video conferencing software": ("use communication and collaboration software",),
    "Instant messaging software": ("use communication and collaboration software",),
    "Calendar and scheduling software": ("use personal organization software",),
    "Content workflow software": ("use online tools to collaborate",),
    "Medical software": ("medical informatics",),
}

#: A few technologies whose commodity misplaces them ("Amazon Web Services AWS software" is filed
#: as database query software) or that ESCO knows under a skill of its own.
BY_NAME: dict[str, tuple[str, ...]] = {
    "Amazon Web Services AWS software": ("cloud technologies",),
    "Microsoft Azure software": ("cloud technologies",),
    "Google Cloud software": ("cloud technologies",),
    "Docker": ("cloud technologies", "DevOps"),
    "Kubernetes": ("cloud technologies", "DevOps"),
    "Red Hat OpenShift": ("cloud technologies",),
    "IBM Terraform": ("cloud technologies", "automate cloud tasks"),
    "Ansible software": ("DevOps",),
    "Jenkins CI": ("DevOps",),
    "VMware": ("manage ICT virtualisation environments",),
    "Bash": ("use scripting programming",),
    "Microsoft PowerShell": ("use scripting programming",),
    "Atlassian JIRA": ("ICT project management",),
}
